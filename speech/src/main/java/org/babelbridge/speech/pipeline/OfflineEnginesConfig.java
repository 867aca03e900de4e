package org.babelbridge.speech.pipeline;

import java.nio.file.Path;
import java.util.Objects;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.tts.espeak.EspeakConfig;

/**
 * Settings of the offline engine set ({@code speech.offline.*}): PocketSphinx for English,
 * the phrase memory as translator, espeak-ng for every language.
 *
 * @param constrainRecognitionToMemory recognise only the English phrases the memory can translate
 *                                     (a JSGF grammar written to {@code workDir}); far more accurate
 *                                     on telephone audio, but deaf to anything else
 * @param workDir                      where generated files (the grammar) are written
 * @param localEngineThreads           recognitions and syntheses computing at once on this machine's CPUs
 *                                     ({@code speech.local-engine-threads}, {@link LocalEngineBudget}); also
 *                                     caps the PocketSphinx decoders, since more could never all be busy
 */
public record OfflineEnginesConfig(PocketSphinxConfig pocketSphinx, PhraseMemoryConfig phraseMemory,
                                   EspeakConfig espeak, boolean constrainRecognitionToMemory, Path workDir,
                                   int localEngineThreads) {

    /**
     * Debian's engines and models, the en-ru memory from the Asterisk prompts, recognition constrained to it,
     * local engines limited to one core fewer than the machine has.
     */
    public static OfflineEnginesConfig debianDefaults(Path workDir) {
        return new OfflineEnginesConfig(PocketSphinxConfig.DEFAULTS, PhraseMemoryConfig.ASTERISK_PROMPTS,
                EspeakConfig.DEFAULTS, true, workDir);
    }

    /** With the default budget of local engine threads ({@link LocalEngineBudget#defaultPermits()}). */
    public OfflineEnginesConfig(PocketSphinxConfig pocketSphinx, PhraseMemoryConfig phraseMemory, EspeakConfig espeak,
                                boolean constrainRecognitionToMemory, Path workDir) {
        this(pocketSphinx, phraseMemory, espeak, constrainRecognitionToMemory, workDir,
                LocalEngineBudget.defaultPermits());
    }

    public OfflineEnginesConfig {
        Objects.requireNonNull(pocketSphinx, "pocketSphinx");
        Objects.requireNonNull(phraseMemory, "phraseMemory");
        Objects.requireNonNull(espeak, "espeak");
        Objects.requireNonNull(workDir, "workDir");
        if (localEngineThreads < 1) {
            throw new IllegalArgumentException("speech.local-engine-threads must be at least 1, not "
                    + localEngineThreads);
        }
    }

    public OfflineEnginesConfig withLocalEngineThreads(int threads) {
        return new OfflineEnginesConfig(pocketSphinx, phraseMemory, espeak, constrainRecognitionToMemory, workDir,
                threads);
    }
}
