package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.LocalEngineBudget;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The notice for the one left alone, spoken by the real espeak-ng in every call language. */
class AloneNoticeTest {

    private static EspeakSynthesizer espeak;

    @BeforeAll
    static void start() {
        espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        espeak.close();
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void speaksAShortVoicedNoticeInTheListenersLanguage(Language language) {
        short[] pcm = new AloneNotice(espeak).speak(language);

        assertThat(AloneNotice.durationMs(pcm)).isBetween(1_000L, 6_000L)
                .isEqualTo(AudioFormat.millisForSamples(pcm.length));
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(pcm, AudioFormat.SAMPLE_RATE_HZ))).isPositive();
    }

    @Test
    void aRepeatedNoticeDoesNotWaitForBusyLocalEngines() throws Exception {
        LocalEngineBudget budget = new LocalEngineBudget(1);
        AloneNotice notice = new AloneNotice(budget.synthesizer(espeak, 1));
        short[] first = notice.speak(Language.EN);
        CountDownLatch speaking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // Another call's dubbing holds the only permit.
            Future<?> dubbing = other.submit(() -> budget.synthesizer(espeak, 1).synthesize("goodbye", Language.EN,
                    new Voice.Standard(VoiceProfile.NEUTRAL_MALE), chunk -> {
                        speaking.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(speaking.await(30, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            short[] again = notice.speak(Language.EN);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(100);
            assertThat(again).isEqualTo(first).isNotSameAs(first);
            assertThat(budget.stats().inUse()).isEqualTo(1);
            release.countDown();
            dubbing.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }
}
