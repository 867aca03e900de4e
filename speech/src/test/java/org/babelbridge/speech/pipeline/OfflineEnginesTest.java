package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEnginesTest {

    @Test
    void startsDebianEnginesWithRecognitionConstrainedToTheMemory(@TempDir Path work) {
        try (OfflineEngines offline = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work))) {
            SpeechEngines engines = offline.engines();

            assertThat(engines.recognizers()).containsOnlyKeys(Language.EN);
            assertThat(engines.cloningSynthesizer()).isNull();
            assertThat(Files.exists(work.resolve("phrase-memory-en.gram"))).isTrue();
            String heard = Recognition.recognize(engines.recognizers().get(Language.EN), Language.EN,
                    TestAudio.prompt16k("en", "vm-goodbye"), RecognitionListener.NONE).text();
            assertThat(heard).isEqualTo("goodbye");
            assertThat(engines.translator().translate(heard, Language.EN, Language.RU).textOrNull())
                    .startsWith("До свидания");
        }
    }

    @Test
    void waitingForTheLocalEngineBudgetCountsAgainstTheRecognitionDeadlineButNotAsAnEngineFailure(@TempDir Path work)
            throws Exception {
        try (OfflineEngines offline = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work)
                .withLocalEngineThreads(1))) {
            SpeechEngines engines = offline.engines();
            List<UtteranceEvent> events = new CopyOnWriteArrayList<>();
            List<String> heardBy = new CopyOnWriteArrayList<>();
            try (DubbingPipeline pipeline = new DubbingPipeline("call-1", List.of(
                    Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                    Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)), engines,
                    (listener, speaker, pcm) -> heardBy.add(listener), events::add,
                    new DubbingConfig(8, 700, 3_000, 10_000, 60), Clock.systemUTC())) {
                // Another call's recognition holds the only permit past alice's recognition deadline.
                try (RecognitionStream other = engines.recognizers().get(Language.EN).open(Language.EN,
                        RecognitionListener.NONE)) {
                    pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "vm-goodbye"), 0, 1_000));
                    awaitTrue(() -> pipeline.stats().stageFailures() == 1);
                    // The deadline cancels the engine call; its wait ends on the engine thread, a moment later.
                    awaitTrue(() -> offline.localEngineBudget().stats().interruptedWaits() >= 1);
                    assertThat(offline.localEngineBudget().stats().interruptedWaits()).isEqualTo(1);
                }
                // Boris hears the spoken notice once the permit is free; the next utterance is dubbed.
                pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "vm-goodbye"), 2_000, 3_000));
                awaitTrue(() -> events.size() == 1);

                assertThat(events.get(0).originalText()).isEqualTo("goodbye");
                assertThat(events.get(0).translationFor(Language.RU).orElseThrow().translatedText())
                        .startsWith("До свидания");
                assertThat(heardBy).isNotEmpty().containsOnly("boris");
                assertThat(pipeline.stats().untranslated()).isEqualTo(1);
                EngineHealth recognizer = offline.engineHealth().get("PocketSphinxRecognizer");
                assertThat(recognizer.failures()).isZero();
                assertThat(recognizer.backingOff()).isFalse();
                assertThat(offline.engineHealth()).containsKey("EspeakSynthesizer");
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void missingPhraseListFailsStartUpNamingTheSetting(@TempDir Path work) {
        OfflineEnginesConfig config = new OfflineEnginesConfig(PocketSphinxConfig.DEFAULTS,
                new PhraseMemoryConfig(List.of(work.resolve("missing.tsv")), List.of(), null, null, 0.75),
                EspeakConfig.DEFAULTS, true, work);

        assertThatThrownBy(() -> OfflineEngines.start(config)).isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.memory.tsv-files");
    }
}
