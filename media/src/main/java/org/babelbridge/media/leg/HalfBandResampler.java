package org.babelbridge.media.leg;

/**
 * Converts by exactly 2 (interpolation 1:2 or decimation 2:1) with a 63-tap Kaiser-windowed
 * (beta 7) half-band FIR: every other tap is zero and the centre tap is a plain copy, so each output
 * sample costs 16 multiply-adds of symmetric pairs. The low-pass edge sits at a quarter of the higher
 * rate (4 kHz for 8/16 kHz): flat through the 300-3400 Hz telephone band, aliases at least 60 dB down
 * beyond 4.6 kHz. Output lags input by 1 ms. Integer arithmetic, state kept across calls, no allocation
 * after construction. One instance per stream, used from one thread.
 */
public final class HalfBandResampler implements RateConverter {
    private static final int L = 16;
    private static final int MAX_INPUT = 4096;
    /** Symmetric pair coefficients for offsets 1, 3, ..., 2L-1 from the centre, Q15, summing to 0.5. */
    private static final int[] PAIR_Q15 = design();

    private final boolean up;
    private final int historyLength;
    private final short[] work;

    /** @param up true for 1:2 interpolation (8 to 16 kHz), false for 2:1 decimation (16 to 8 kHz) */
    public HalfBandResampler(boolean up) {
        this.up = up;
        this.historyLength = up ? 2 * L : 4 * L;
        this.work = new short[historyLength + MAX_INPUT];
    }

    private static int[] design() {
        double beta = 7.0;
        double[] c = new double[L];
        double sum = 0;
        for (int k = 1; k <= L; k++) {
            int m = 2 * k - 1;
            double x = Math.PI * m / 2;
            double sinc = Math.sin(x) / x;
            double r = (double) m / (2 * L);
            double window = besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
            c[k - 1] = sinc * window;
            sum += c[k - 1];
        }
        int[] q = new int[L];
        for (int k = 0; k < L; k++) {
            q[k] = (int) Math.round(c[k] / sum * 0.5 * 32768);
        }
        return q;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    @Override
    public int process(short[] in, int inOffset, int samples, short[] out, int outOffset) {
        if (samples > MAX_INPUT || (!up && (samples & 1) != 0)) {
            throw new IllegalArgumentException("at most " + MAX_INPUT + " samples (an even count when decimating): "
                    + samples);
        }
        short[] w = work;
        System.arraycopy(in, inOffset, w, historyLength, samples);
        int produced = up ? interpolate(w, samples, out, outOffset) : decimate(w, samples, out, outOffset);
        System.arraycopy(w, samples, w, 0, historyLength);
        return produced;
    }

    private static int interpolate(short[] w, int samples, short[] out, int outOffset) {
        int[] c = PAIR_Q15;
        int o = outOffset;
        for (int i = 0; i < samples; i++) {
            int p = L + i;
            long acc = 0;
            for (int k = 1; k <= L; k++) {
                acc += (long) c[k - 1] * (w[p + k] + w[p + 1 - k]);
            }
            out[o++] = w[p];
            // The pair coefficients are the interpolator's odd phase (gain 2 folded in): one side sums to 0.5.
            out[o++] = clamp((acc + (1 << 14)) >> 15);
        }
        return 2 * samples;
    }

    private static int decimate(short[] w, int samples, short[] out, int outOffset) {
        int[] c = PAIR_Q15;
        int outputs = samples / 2;
        for (int j = 0; j < outputs; j++) {
            int q = 2 * L + 2 * j;
            // Decimator taps are half the interpolator's: centre 0.5, pairs c/2; computed at twice the scale.
            long acc = (long) w[q] << 15;
            for (int k = 1; k <= L; k++) {
                acc += (long) c[k - 1] * (w[q + 2 * k - 1] + w[q - 2 * k + 1]);
            }
            out[outOffset + j] = clamp((acc + (1 << 15)) >> 16);
        }
        return outputs;
    }

    private static short clamp(long v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : (v < Short.MIN_VALUE ? Short.MIN_VALUE : v));
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(work, (short) 0);
    }
}
