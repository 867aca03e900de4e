package org.babelbridge.speech.voice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.babelbridge.media.wav.WavAudio;

/**
 * Scores an enrolment recording from the audio itself. Five measures each become a sub-score in
 * [0, 1]:
 * <ul>
 * <li>duration d (s): 1 within 15-30 s; (d - 5) / 10 below 15 s; 1 - (d - 30) / 60, at least 0.5, above 30 s;</li>
 * <li>SNR (dB): (snr - 10) / 25, so 10 dB scores 0 and 35 dB scores 1;</li>
 * <li>clipping: 1 - clippedRatio / 0.002, so 0.2 % of samples at full scale scores 0;</li>
 * <li>speech ratio r: r / 0.5 (half the recording being speech is enough);</li>
 * <li>speech level L (dBFS): 1 within -30..-10; (L + 50) / 20 below; (0 - L) / 10 above.</li>
 * </ul>
 * Each clamped to [0.01, 1]; quality = round(1 + 99 * product of sub-score^weight), weights SNR 0.3,
 * clipping 0.25, duration 0.2, speech ratio 0.15, level 0.1 (they sum to 1). A weighted geometric
 * mean, so that one bad measure (heavy clipping, loud noise) pulls the whole score down.
 * Stateless and thread-safe.
 */
public final class EnrollmentScorer {

    static final int CLIP_LEVEL = 32_600;

    private EnrollmentScorer() {
    }

    /** Scores a decoded WAV recording (see {@link org.babelbridge.media.wav.WavReader}). */
    public static EnrollmentScore score(WavAudio recording) {
        return score(recording.samples(), recording.sampleRateHz());
    }

    /** Scores mono 16-bit PCM at {@code sampleRateHz}. */
    public static EnrollmentScore score(short[] pcm, int sampleRateHz) {
        if (sampleRateHz < 8_000) {
            throw new IllegalArgumentException("sample rate " + sampleRateHz + " Hz is too low for speech");
        }
        double duration = (double) pcm.length / sampleRateHz;
        double[] levels = FrameLevels.of(pcm, sampleRateHz);
        List<String> problems = new ArrayList<>();
        if (levels.length < 10) {
            problems.add("recording is too short to measure");
            return new EnrollmentScore(duration, 0, 0, 0, FrameLevels.SILENCE_DBFS, 1, problems);
        }
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        double noiseFloor = PitchTracker.percentile(sorted, 10);
        double speechPeak = PitchTracker.percentile(sorted, 90);
        double snr = speechPeak - noiseFloor;
        int speechFrames = 0;
        double speechPower = 0;
        for (double level : levels) {
            if (level > noiseFloor + 10 && level > -60) {
                speechFrames++;
                speechPower += Math.pow(10, level / 10);
            }
        }
        double speechRatio = (double) speechFrames / levels.length;
        double speechLevel = speechFrames == 0 ? FrameLevels.SILENCE_DBFS : 10 * Math.log10(speechPower / speechFrames);
        int clipped = 0;
        for (short sample : pcm) {
            if (sample >= CLIP_LEVEL || sample <= -CLIP_LEVEL) {
                clipped++;
            }
        }
        double clippedRatio = (double) clipped / pcm.length;

        double durationScore = duration < 15 ? (duration - 5) / 10 : duration > 30 ? Math.max(0.5, 1 - (duration - 30) / 60) : 1;
        double snrScore = (snr - 10) / 25;
        double clippingScore = 1 - clippedRatio / 0.002;
        double speechScore = speechRatio / 0.5;
        double levelScore = speechLevel < -30 ? (speechLevel + 50) / 20 : speechLevel > -10 ? -speechLevel / 10 : 1;

        if (duration < 15 || duration > 30) {
            problems.add(String.format(Locale.ROOT, "duration %.1f s is outside 15-30 s", duration));
        }
        if (snr < 30) {
            problems.add(String.format(Locale.ROOT, "background noise: SNR %.1f dB", snr));
        }
        if (clippedRatio > 0.0002) {
            problems.add(String.format(Locale.ROOT, "clipping: %.2f %% of samples at full scale", clippedRatio * 100));
        }
        if (speechRatio < 0.5) {
            problems.add(String.format(Locale.ROOT, "little speech: %.0f %% of the recording", speechRatio * 100));
        }
        if (speechLevel < -30 || speechLevel > -10) {
            problems.add(String.format(Locale.ROOT, "speech level %.1f dBFS is outside -30..-10 dBFS", speechLevel));
        }
        double quality = Math.pow(clamp(snrScore), 0.3) * Math.pow(clamp(clippingScore), 0.25)
                * Math.pow(clamp(durationScore), 0.2) * Math.pow(clamp(speechScore), 0.15)
                * Math.pow(clamp(levelScore), 0.1);
        int qualityScore = (int) Math.round(1 + 99 * quality);
        return new EnrollmentScore(duration, snr, clippedRatio, speechRatio, speechLevel,
                Math.max(1, Math.min(100, qualityScore)), problems);
    }

    private static double clamp(double subScore) {
        return Math.max(0.01, Math.min(1, subScore));
    }
}
