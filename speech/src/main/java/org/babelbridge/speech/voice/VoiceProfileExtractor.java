package org.babelbridge.speech.voice;

import java.util.ArrayList;
import java.util.List;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.wav.WavAudio;


/**
 * Measures a speaker's {@link VoiceProfile} from enrolment audio: median F0 and F0 spread
 * (5th-95th percentile, in semitones) of the voiced frames, and speaking rate as syllable nuclei
 * (peaks of the smoothed level of voiced speech at least 100 ms apart and 2 dB above their
 * surroundings) per second of speech. Stateless and thread-safe.
 */
public final class VoiceProfileExtractor {

    private static final int MIN_VOICED_FRAMES = 50; // half a second of voiced speech

    private VoiceProfileExtractor() {
    }

    /**
     * Measures the speaker of one or more decoded recordings (e.g. the best two enrolment samples).
     *
     * @throws IllegalArgumentException if they hold too little voiced speech to measure
     */
    public static VoiceProfile extract(List<WavAudio> recordings) {
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException("no recordings to measure a voice profile from");
        }
        List<short[]> parts = new ArrayList<>();
        for (WavAudio recording : recordings) {
            parts.add(recording.sampleRateHz() == AudioFormat.SAMPLE_RATE_HZ ? recording.samples()
                    : to16k(recording));
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        short[] all = new short[total];
        int offset = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return extract(all, AudioFormat.SAMPLE_RATE_HZ);
    }

    /**
     * @throws IllegalArgumentException if the audio holds too little voiced speech to measure
     */
    public static VoiceProfile extract(short[] pcm, int sampleRateHz) {
        double[] f0 = PitchTracker.track(pcm, sampleRateHz);
        double[] voiced = PitchTracker.voiced(f0);
        if (voiced.length < MIN_VOICED_FRAMES) {
            throw new IllegalArgumentException("too little voiced speech to measure a voice profile ("
                    + voiced.length * 10 + " ms)");
        }
        double median = PitchTracker.percentile(voiced, 50);
        double low = PitchTracker.percentile(voiced, 5);
        double high = PitchTracker.percentile(voiced, 95);
        double rangeSemitones = 12 * Math.log(high / low) / Math.log(2);
        double syllablesPerSecond = syllableRate(pcm, sampleRateHz, f0);
        return new VoiceProfile(clamp(median, 50, 500), clamp(rangeSemitones, 0, 36), clamp(syllablesPerSecond, 1, 12));
    }

    private static double syllableRate(short[] pcm, int sampleRateHz, double[] f0) {
        int hop = sampleRateHz / 100;
        int window = sampleRateHz * 30 / 1000;
        int frames = Math.min(f0.length, (pcm.length - window) / hop + 1);
        double[] level = new double[frames];
        for (int i = 0; i < frames; i++) {
            double rms = PitchTracker.rms(pcm, i * hop, window);
            level[i] = f0[i] > 0 && rms > 0 ? 20 * Math.log10(rms) : Double.NaN;
        }
        // Smooth over 50 ms to merge the ripples inside one vowel.
        double[] smooth = new double[frames];
        int voicedFrames = 0;
        for (int i = 0; i < frames; i++) {
            if (Double.isNaN(level[i])) {
                smooth[i] = Double.NaN;
                continue;
            }
            voicedFrames++;
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, i - 2); j <= Math.min(frames - 1, i + 2); j++) {
                if (!Double.isNaN(level[j])) {
                    sum += level[j];
                    count++;
                }
            }
            smooth[i] = sum / count;
        }
        int peaks = 0;
        int lastPeak = -100;
        for (int i = 0; i < frames; i++) {
            if (Double.isNaN(smooth[i]) || i - lastPeak < 10) {
                continue;
            }
            double around = minimumAround(smooth, i, 10);
            if (isLocalMaximum(smooth, i, 5) && smooth[i] - around >= 2) {
                peaks++;
                lastPeak = i;
            }
        }
        // Voiced time is roughly 60 % of speaking time; scale to syllables per second of speech.
        double speechSeconds = voicedFrames / 100.0 / 0.6;
        return speechSeconds <= 0 ? 1 : peaks / speechSeconds;
    }

    private static boolean isLocalMaximum(double[] values, int index, int reach) {
        for (int j = Math.max(0, index - reach); j <= Math.min(values.length - 1, index + reach); j++) {
            if (j != index && !Double.isNaN(values[j]) && values[j] > values[index]) {
                return false;
            }
        }
        return true;
    }

    private static double minimumAround(double[] values, int index, int reach) {
        double min = values[index];
        for (int j = Math.max(0, index - reach); j <= Math.min(values.length - 1, index + reach); j++) {
            min = Double.isNaN(values[j]) ? Math.min(min, values[index] - 20) : Math.min(min, values[j]);
        }
        return min;
    }

    /** The recording's samples at 16 kHz (resampled when recorded at another supported rate). */
    public static short[] to16k(WavAudio recording) {
        if (recording.sampleRateHz() == AudioFormat.SAMPLE_RATE_HZ) {
            return recording.samples();
        }
        if (!Resampler.isSupported(recording.sampleRateHz())) {
            throw new IllegalArgumentException("unsupported sample rate " + recording.sampleRateHz()
                    + " Hz; record at 8, 16, 22.05, 24 or 48 kHz");
        }
        Resampler resampler = new Resampler(recording.sampleRateHz(), AudioFormat.SAMPLE_RATE_HZ);
        short[] out = new short[resampler.maxOutputSamples(recording.samples().length)];
        int written = resampler.process(recording.samples(), 0, recording.samples().length, out, 0);
        return java.util.Arrays.copyOf(out, written);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

}
