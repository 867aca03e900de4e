package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.babelbridge.media.AudioFormat;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.PitchTracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
}
