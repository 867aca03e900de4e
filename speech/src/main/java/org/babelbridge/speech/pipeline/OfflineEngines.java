package org.babelbridge.speech.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.stt.pocketsphinx.DomainGrammar;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.translate.GlossaryFirstTranslator;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.translate.memory.PhraseMemory;
import org.babelbridge.speech.translate.memory.PhraseMemoryLoader;
import org.babelbridge.speech.tts.LanguageRoutingSynthesizer;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;

/**
 * Starts the engines that need no network and no key: English recognition (PocketSphinx), the
 * phrase memory translator and espeak-ng. Partial by nature: Hebrew and Russian speech are not
 * recognised, and only phrases in the memory are translated (the rest get the spoken notice).
 * PocketSphinx and espeak-ng compute on this machine's CPUs and share one {@link LocalEngineBudget},
 * so that the media threads keep a core however many calls speak; network engines are not limited.
 * One instance serves every call; close it at shutdown.
 */
public final class OfflineEngines implements AutoCloseable {

    private final PocketSphinxRecognizer recognizer;
    private final EspeakSynthesizer synthesizer;
    private final PhraseMemory memory;
    private final LocalEngineBudget budget;
    private final GuardedEngines engines;

    private OfflineEngines(PocketSphinxRecognizer recognizer, int decoders, PhraseMemory memory,
                           EspeakSynthesizer synthesizer, NetworkEngines network, LocalEngineBudget budget) {
        this.recognizer = recognizer;
        this.memory = memory;
        this.synthesizer = synthesizer;
        this.budget = budget;
        Map<Language, SpeechRecognizer> recognizers = new EnumMap<>(Language.class);
        recognizers.put(Language.EN, budget.recognizer(recognizer, decoders));
        recognizers.putAll(network.recognizers());
        Translator translator = network.machineTranslator() == null ? memory
                : new GlossaryFirstTranslator(memory, network.machineTranslator());
        // espeak-ng is one process-wide instance: one synthesis at a time, whatever the budget allows.
        SpeechSynthesizer espeak = budget.synthesizer(synthesizer, 1);
        SpeechSynthesizer standard = network.standardSynthesizer() == null ? espeak
                : new LanguageRoutingSynthesizer(network.standardSynthesizer(), espeak);
        // Guarded so that a failing engine is counted and retried with backoff rather than hammered.
        this.engines = GuardedEngines.guard(new SpeechEngines(recognizers, translator, standard,
                network.cloningSynthesizer()), EngineBackoffConfig.DEFAULTS, Clock.systemUTC());
    }

    /**
     * Loads every engine now, so that a missing library, model or file fails start-up.
     *
     * @throws EngineConfigurationException naming the setting to fix
     */
    public static OfflineEngines start(OfflineEnginesConfig config) {
        return start(config, NetworkEngines.NONE);
    }

    /**
     * As {@link #start(OfflineEnginesConfig)}, with network engines taking over where configured: their
     * recognisers for their languages, their translator after the phrase memory, their standard voices for
     * their languages, and the cloning engine for consented clones.
     */
    public static OfflineEngines start(OfflineEnginesConfig config, NetworkEngines network) {
        PhraseMemory memory = PhraseMemoryLoader.load(config.phraseMemory());
        LocalEngineBudget budget = new LocalEngineBudget(config.localEngineThreads());
        // A decoder beyond the budget could never be busy; each costs a model copy and a second to build.
        PocketSphinxConfig stt = config.pocketSphinx().withMaxDecoders(
                Math.min(config.pocketSphinx().maxDecoders(), budget.permits()));
        if (config.constrainRecognitionToMemory()) {
            try {
                Files.createDirectories(config.workDir());
                DomainGrammar.Written grammar = DomainGrammar.write(memory.sourcePhrases(Language.EN, Language.RU),
                        stt.modelDir().resolve("cmudict-en-us.dict"), config.workDir().resolve("phrase-memory-en.gram"));
                stt = stt.withGrammarFile(grammar.file());
                if (stt.extraArguments().isEmpty()) {
                    stt = stt.withExtraArguments(PocketSphinxConfig.WIDE_BEAMS);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new EngineConfigurationException("speech.offline.work-dir",
                        "cannot write the recognition grammar under " + config.workDir() + ": " + e.getMessage(), e);
            }
        }
        EspeakSynthesizer synthesizer = EspeakSynthesizer.start(config.espeak());
        return new OfflineEngines(PocketSphinxRecognizer.start(stt), stt.maxDecoders(), memory, synthesizer, network,
                budget);
    }

    /** The engines to pass to {@link DubbingPipeline}. */
    public SpeechEngines engines() {
        return engines.engines();
    }

    /** Failures and backoff state of each engine adapter, by adapter name. */
    public Map<String, EngineHealth> engineHealth() {
        return engines.health();
    }

    /** The limit on recognitions and syntheses computing at once on this machine, shared by every call. */
    public LocalEngineBudget localEngineBudget() {
        return budget;
    }

    public PhraseMemory phraseMemory() {
        return memory;
    }

    @Override
    public void close() {
        recognizer.close();
        synthesizer.close();
    }
}
