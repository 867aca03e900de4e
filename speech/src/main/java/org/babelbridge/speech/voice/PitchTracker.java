package org.babelbridge.speech.voice;

import java.util.Arrays;

/**
 * Estimates the fundamental frequency of speech frame by frame with the YIN method
 * (de Cheveigné and Kawahara, 2002): 40 ms windows every 10 ms, 60-450 Hz. Frames that are
 * too quiet or not periodic enough are unvoiced (0 Hz). Stateless and thread-safe.
 */
public final class PitchTracker {

    private static final double MIN_F0_HZ = 60;
    private static final double MAX_F0_HZ = 450;
    private static final double YIN_THRESHOLD = 0.15;
    private static final double MAX_APERIODICITY = 0.35;
    private static final double SILENCE_RMS = 150; // about -47 dBFS

    private PitchTracker() {
    }

    /** F0 in Hz for each 10 ms hop, 0 where unvoiced. */
    public static double[] track(short[] pcm, int sampleRateHz) {
        int window = sampleRateHz * 40 / 1000;
        int hop = sampleRateHz / 100;
        int minLag = (int) Math.floor(sampleRateHz / MAX_F0_HZ);
        int maxLag = (int) Math.ceil(sampleRateHz / MIN_F0_HZ);
        int integration = window - maxLag - 1; // lags reach maxLag + 1
        if (pcm.length < window || integration < minLag) {
            return new double[0];
        }
        int frames = (pcm.length - window) / hop + 1;
        double[] f0 = new double[frames];
        double[] diff = new double[maxLag + 2];
        for (int frame = 0; frame < frames; frame++) {
            int start = frame * hop;
            if (rms(pcm, start, window) < SILENCE_RMS) {
                continue;
            }
            f0[frame] = yin(pcm, start, integration, minLag, maxLag, diff, sampleRateHz);
        }
        return f0;
    }

    /** Median of the voiced frames' F0, or 0 when nothing is voiced. */
    public static double medianVoicedF0(double[] f0) {
        double[] voiced = voiced(f0);
        return voiced.length == 0 ? 0 : percentile(voiced, 50);
    }

    /** The voiced frames only, sorted ascending. */
    static double[] voiced(double[] f0) {
        return Arrays.stream(f0).filter(v -> v > 0).sorted().toArray();
    }

    /** Percentile (0..100) of an ascending array, by nearest rank. */
    static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.round(percent / 100.0 * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double yin(short[] pcm, int start, int integration, int minLag, int maxLag,
                              double[] diff, int sampleRateHz) {
        for (int lag = 1; lag <= maxLag + 1; lag++) {
            double sum = 0;
            for (int i = 0; i < integration; i++) {
                double d = pcm[start + i] - pcm[start + i + lag];
                sum += d * d;
            }
            diff[lag] = sum;
        }
        // Cumulative mean normalised difference.
        double running = 0;
        double[] cmnd = new double[maxLag + 2];
        cmnd[0] = 1;
        for (int lag = 1; lag <= maxLag + 1; lag++) {
            running += diff[lag];
            cmnd[lag] = running == 0 ? 1 : diff[lag] * lag / running;
        }
        int best = -1;
        for (int lag = minLag; lag <= maxLag; lag++) {
            if (cmnd[lag] < YIN_THRESHOLD) {
                while (lag + 1 <= maxLag && cmnd[lag + 1] < cmnd[lag]) {
                    lag++;
                }
                best = lag;
                break;
            }
        }
        if (best < 0) {
            best = minLag;
            for (int lag = minLag + 1; lag <= maxLag; lag++) {
                if (cmnd[lag] < cmnd[best]) {
                    best = lag;
                }
            }
            if (cmnd[best] > MAX_APERIODICITY) {
                return 0;
            }
        }
        // Parabolic interpolation around the minimum for sub-sample lag.
        double lag = best;
        if (best > 1 && best < maxLag + 1) {
            double a = cmnd[best - 1];
            double b = cmnd[best];
            double c = cmnd[best + 1];
            double denominator = a - 2 * b + c;
            if (denominator != 0) {
                lag = best + 0.5 * (a - c) / denominator;
            }
        }
        return sampleRateHz / lag;
    }

    static double rms(short[] pcm, int start, int length) {
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / length);
    }
}
