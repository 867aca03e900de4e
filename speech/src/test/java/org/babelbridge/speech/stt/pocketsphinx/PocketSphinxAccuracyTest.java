package org.babelbridge.speech.stt.pocketsphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.WordErrorRate;
import org.babelbridge.speech.translate.memory.PhraseMemory;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryLoader;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression guards on recognition accuracy with real recordings. The figures and how they were
 * measured are in docs/benchmarks/speech.md; the bounds leave a few points of headroom. The
 * general language model is weak on narrow-band telephone speech; recognition constrained to the
 * phrase memory's sentences is what the offline engine set uses.
 */
class PocketSphinxAccuracyTest {

    /** A fixed list of recorded English prompts (8 kHz telephone recordings, resampled to 16 kHz). */
    static final List<String> PROMPTS = List.of(
            "agent-pass", "all-circuits-busy-now", "auth-thankyou", "conf-onlyperson", "conf-enteringno",
            "privacy-unident", "queue-thankyou", "vm-goodbye", "vm-intro", "vm-nomore", "vm-password",
            "vm-reenterpassword", "pbx-transfer", "agent-loggedoff", "vm-message");

    /** English sentences spoken by espeak-ng and recognised again. */
    static final List<String> ROUND_TRIP_SENTENCES = List.of(
            "Please enter your password followed by the pound key.",
            "All circuits are busy now.",
            "Thank you for your patience",
            "You are currently the only person in this conference.",
            "The party you are trying to reach does not accept unidentified calls.",
            "No more messages.",
            "Please re-enter your password followed by the pound key.",
            "Agent logged off.");

    /** Measured 0.59 on 83 words (docs/benchmarks/speech.md). */
    static final double WER_BOUND = 0.65;
    /** Measured 0.73 word accuracy with the phrase-memory grammar and wide beams. */
    static final double CONSTRAINED_ROUND_TRIP_BOUND = 0.65;
    /** Measured 0.21 on the recorded prompts with the phrase-memory grammar and wide beams. */
    static final double CONSTRAINED_WER_BOUND = 0.3;

    private static PocketSphinxRecognizer recognizer;

    @BeforeAll
    static void start() {
        recognizer = PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS.withMaxDecoders(1));
    }

    @AfterAll
    static void stop() {
        recognizer.close();
    }

    @Test
    void wordErrorRateOnRecordedTelephonePromptsStaysWithinItsMeasuredBound() {
        Map<String, String> texts = TestAudio.promptTexts("en");
        WordErrorRate wer = new WordErrorRate();
        for (String prompt : PROMPTS) {
            String heard = Recognition.recognize(recognizer, Language.EN, TestAudio.prompt16k("en", prompt),
                    RecognitionListener.NONE).text();
            wer.add(texts.get(prompt), heard);
        }

        assertThat(wer.referenceWords()).isGreaterThan(80);
        assertThat(wer.value()).isLessThan(WER_BOUND);
    }

    @Test
    void domainConstrainedRecognitionUnderstandsSynthesisAndRecordingsWithinMeasuredBounds(@TempDir Path dir) throws IOException {
        PhraseMemory memory = PhraseMemoryLoader.load(PhraseMemoryConfig.ASTERISK_PROMPTS);
        DomainGrammar.Written grammar = DomainGrammar.write(memory.sourcePhrases(Language.EN, Language.RU),
                PocketSphinxConfig.DEFAULTS.modelDir().resolve("cmudict-en-us.dict"), dir.resolve("domain.gram"));
        EspeakSynthesizer espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
        WordErrorRate wer = new WordErrorRate();
        try (PocketSphinxRecognizer constrained = PocketSphinxRecognizer.start(
                PocketSphinxConfig.DEFAULTS.withMaxDecoders(2).withGrammarFile(grammar.file())
                        .withExtraArguments(PocketSphinxConfig.WIDE_BEAMS))) {
            for (String sentence : ROUND_TRIP_SENTENCES) {
                TestAudio.Collector audio = new TestAudio.Collector();
                espeak.synthesize(sentence, Language.EN, new Voice.Standard(VoiceProfile.NEUTRAL_MALE), audio);
                wer.add(sentence, Recognition.recognize(constrained, Language.EN, audio.all(),
                        RecognitionListener.NONE).text());
            }

            assertThat(wer.referenceWords()).isGreaterThan(40);
            assertThat(1 - wer.value()).isGreaterThan(CONSTRAINED_ROUND_TRIP_BOUND);

            Map<String, String> texts = TestAudio.promptTexts("en");
            WordErrorRate prompts = new WordErrorRate();
            for (String prompt : PROMPTS) {
                prompts.add(texts.get(prompt), Recognition.recognize(constrained, Language.EN,
                        TestAudio.prompt16k("en", prompt), RecognitionListener.NONE).text());
            }
            assertThat(prompts.value()).isLessThan(CONSTRAINED_WER_BOUND);
        }
    }
}
