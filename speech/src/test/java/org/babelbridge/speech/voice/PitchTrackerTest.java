package org.babelbridge.speech.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PitchTrackerTest {

    @Test
    void findsThePitchOfAHarmonicToneAtEveryLength() {
        for (int length = 16_000; length < 16_000 + 200; length++) { // every frame alignment, including a last frame ending at the array's end
            double[] f0 = PitchTracker.track(tone(150, length, 16_000), 16_000);

            assertThat(PitchTracker.medianVoicedF0(f0)).isCloseTo(150, within(1.5));
        }
    }

    @Test
    void tracksEachRateItIsGiven() {
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(tone(220, 22_050, 22_050), 22_050)))
                .isCloseTo(220, within(2.0));
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(tone(100, 8_000, 8_000), 8_000)))
                .isCloseTo(100, within(1.5));
    }

    @Test
    void reportsSilenceAndNoiseAsUnvoiced() {
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(new short[16_000], 16_000))).isZero();
        short[] noise = new short[16_000];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 3000);
        }
        double[] f0 = PitchTracker.track(noise, 16_000);
        long voiced = java.util.Arrays.stream(f0).filter(v -> v > 0).count();
        assertThat(voiced).isLessThan(f0.length / 10);
    }

    /** A voice-like tone: fundamental plus two harmonics. */
    private static short[] tone(double hz, int samples, int rate) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            double t = 2 * Math.PI * hz * i / rate;
            pcm[i] = (short) (6000 * Math.sin(t) + 3000 * Math.sin(2 * t) + 1500 * Math.sin(3 * t));
        }
        return pcm;
    }
}
