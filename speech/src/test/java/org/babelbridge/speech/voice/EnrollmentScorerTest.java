package org.babelbridge.speech.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.speech.TestAudio;
import org.junit.jupiter.api.Test;

class EnrollmentScorerTest {

    private static final int RATE = AudioFormat.SAMPLE_RATE_HZ;

    /** About 20 s of one real speaker: recorded Asterisk prompts back to back. */
    static short[] cleanRecording() {
        List<short[]> parts = new ArrayList<>();
        for (String name : List.of("vm-intro", "agent-pass", "all-circuits-busy-now", "conf-onlyperson",
                "privacy-unident", "queue-thankyou", "vm-reenterpassword", "agent-alreadyon")) {
            parts.add(TestAudio.prompt16k("en", name));
        }
        return TestAudio.concat(parts);
    }

    @Test
    void scoresACleanRecordingHighAndExplainsNothing() {
        short[] clean = cleanRecording();

        EnrollmentScore score = EnrollmentScorer.score(clean, RATE);

        assertThat(score.durationSeconds()).isBetween(15.0, 30.0);
        assertThat(score.snrDb()).isGreaterThan(30);
        assertThat(score.clippedRatio()).isZero();
        assertThat(score.qualityScore()).isGreaterThan(80);
    }

    @Test
    void ordersCleanAboveNoisyAboveVeryNoisyAndCleanAboveClipped() {
        short[] clean = cleanRecording();

        int cleanScore = EnrollmentScorer.score(clean, RATE).qualityScore();
        EnrollmentScore noisy = EnrollmentScorer.score(withNoise(clean, 20), RATE);
        EnrollmentScore veryNoisy = EnrollmentScorer.score(withNoise(clean, 8), RATE);
        EnrollmentScore clipped = EnrollmentScorer.score(amplified(clean, 8), RATE);

        assertThat(cleanScore).isGreaterThan(noisy.qualityScore());
        assertThat(noisy.qualityScore()).isGreaterThan(veryNoisy.qualityScore());
        assertThat(cleanScore).isGreaterThan(clipped.qualityScore());
        assertThat(noisy.problems()).anyMatch(p -> p.contains("noise"));
        assertThat(clipped.problems()).anyMatch(p -> p.contains("clipping"));
        assertThat(clipped.qualityScore()).isLessThan(60);
    }

    @Test
    void penalisesRecordingsOutsideFifteenToThirtySeconds() {
        short[] clean = cleanRecording();
        short[] short5s = java.util.Arrays.copyOf(clean, 8 * RATE);

        EnrollmentScore score = EnrollmentScorer.score(short5s, RATE);

        assertThat(score.qualityScore()).isLessThan(EnrollmentScorer.score(clean, RATE).qualityScore());
        assertThat(score.problems()).anyMatch(p -> p.contains("duration"));
    }

    @Test
    void givesTheLowestScoreToSilenceAndToAudioTooShortToMeasure() {
        assertThat(EnrollmentScorer.score(new short[20 * RATE], RATE).qualityScore()).isLessThan(10);
        assertThat(EnrollmentScorer.score(new short[100], RATE).qualityScore()).isEqualTo(1);
    }

    /** Adds white noise {@code snrDb} below the recording's speech level. */
    static short[] withNoise(short[] pcm, double snrDb) {
        double speechRms = 0;
        int count = 0;
        for (short sample : pcm) {
            if (Math.abs(sample) > 300) {
                speechRms += (double) sample * sample;
                count++;
            }
        }
        speechRms = Math.sqrt(speechRms / count);
        double noiseRms = speechRms / Math.pow(10, snrDb / 20);
        Random random = new Random(7);
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = saturate(pcm[i] + random.nextGaussian() * noiseRms);
        }
        return out;
    }

    static short[] amplified(short[] pcm, double gain) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = saturate(pcm[i] * gain);
        }
        return out;
    }

    private static short saturate(double value) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
    }
}
