package org.babelbridge.speech.stt.pocketsphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PocketSphinxRecognizerTest {

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
    void recognisesRecordedEnglishPromptWithTheGeneralLanguageModel() {
        List<Transcript> finals = new ArrayList<>();
        Transcript transcript = Recognition.recognize(recognizer, Language.EN,
                TestAudio.prompt16k("en", "queue-thankyou"), new RecognitionListener() {
                    @Override
                    public void onFinal(Transcript result) {
                        finals.add(result);
                    }
                });

        assertThat(transcript.text()).isEqualTo("thank you for your patience");
        assertThat(transcript.language()).isEqualTo(Language.EN);
        assertThat(finals).containsExactly(transcript);
    }

    @Test
    void reportsPartialHypothesesWhileAudioArrivesWhenAskedTo() {
        short[] prompt = TestAudio.prompt16k("en", "queue-thankyou");
        List<String> partials = new ArrayList<>();
        List<Transcript> finals = new ArrayList<>();
        Transcript transcript;
        try (PocketSphinxRecognizer live = PocketSphinxRecognizer.start(new PocketSphinxConfig(
                "libpocketsphinx.so.3", PocketSphinxConfig.DEFAULTS.modelDir(), null, 1, true, List.of()))) {
            // Live normalisation starts from the model's wide-band means and adapts to the
            // telephone channel over the first utterance.
            Recognition.recognize(live, Language.EN, TestAudio.prompt16k("en", "vm-intro"), RecognitionListener.NONE);
            transcript = Recognition.recognize(live, Language.EN, prompt, new RecognitionListener() {
                    @Override
                    public void onPartial(String text) {
                        partials.add(text);
                    }

                    @Override
                    public void onFinal(Transcript result) {
                        finals.add(result);
                    }
                });
        }

        assertThat(transcript.text()).contains("patience");
        assertThat(partials).isNotEmpty().last().isEqualTo(transcript.text());
        assertThat(finals).containsExactly(transcript);
    }

    @Test
    void givesAnEmptyTranscriptForSilence() {
        Transcript transcript = Recognition.recognize(recognizer, Language.EN, new short[16_000], RecognitionListener.NONE);

        assertThat(transcript.isEmpty()).isTrue();
    }

    @Test
    void refusesLanguagesOtherThanEnglish() {
        assertThatThrownBy(() -> recognizer.open(Language.RU, RecognitionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("English only");
        assertThat(recognizer.languages()).containsExactly(Language.EN);
    }

    @Test
    void missingModelDirectoryIsAConfigurationErrorNamingTheSetting(@TempDir Path empty) {
        assertThatThrownBy(() -> PocketSphinxRecognizer.start(
                new PocketSphinxConfig("libpocketsphinx.so.3", empty, null, 1, false, List.of())))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.pocketsphinx.model-dir")
                .hasMessageContaining(empty.toString());
    }

    @Test
    void missingLibraryIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> PocketSphinxRecognizer.start(
                new PocketSphinxConfig("libno-such-pocketsphinx.so.9", PocketSphinxConfig.DEFAULTS.modelDir(), null, 1, false, List.of())))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.pocketsphinx.library");
    }

    @Test
    void domainGrammarRecognisesAPromptItWasNotSureOfOtherwise(@TempDir Path dir) throws IOException {
        DomainGrammar.Written grammar = DomainGrammar.write(
                List.of("Goodbye.", "Thank you.", "All circuits are busy now.", "Please hold.", "Zorblax 42"),
                PocketSphinxConfig.DEFAULTS.modelDir().resolve("cmudict-en-us.dict"), dir.resolve("domain.gram"));
        assertThat(grammar.phrases()).containsExactly("goodbye", "thank you", "all circuits are busy now", "please hold");

        try (PocketSphinxRecognizer constrained = PocketSphinxRecognizer.start(
                PocketSphinxConfig.DEFAULTS.withMaxDecoders(2).withGrammarFile(grammar.file()))) {
            Transcript transcript = Recognition.recognize(constrained, Language.EN,
                    TestAudio.prompt16k("en", "all-circuits-busy-now"), RecognitionListener.NONE);

            assertThat(transcript.text()).isEqualTo("all circuits are busy now");
        }
    }

    @Test
    void unreadableGrammarIsAConfigurationErrorNamingTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("missing.gram");
        assertThatThrownBy(() -> PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS.withMaxDecoders(2).withGrammarFile(missing)))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.stt.pocketsphinx.grammar-file");
        assertThat(Files.exists(missing)).isFalse();
    }
}
