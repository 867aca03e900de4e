package org.babelbridge.media.resample;

/**
 * Cheap 2:1 converter between the telephony rates 8 and 16 kHz, for the per-leg hot path.
 *
 * <p>A half-band windowed-sinc filter (Kaiser, 79 taps at 16 kHz) has every other coefficient zero
 * and is symmetric, so each 16 kHz sample costs 20 multiplications instead of the 64 of
 * {@link Resampler}. The price is a transition band centred on 4 kHz: flat (&lt; 0.1 dB) to 3.4 kHz,
 * at least 60 dB down from 4.6 kHz; tones between 4 and 4.6 kHz fold into 3.4-4 kHz, above the
 * telephone band. Use {@link Resampler} where that matters (TTS audio, wideband material).
 *
 * <p>Streaming like {@link Resampler}: state kept between calls, a 20 ms frame in gives a 20 ms
 * frame out, one instance per stream and thread, no allocation in {@link #process}.
 */
public final class HalfBandResampler {
    private static final int SIDE_TAPS = 20;
    private static final double KAISER_BETA = 6.8;

    private final boolean upsampling;
    /** c[j-1] weighs the pair of samples (2j - 1) half-band taps either side of the centre. */
    private final float[] pairCoefficients = new float[SIDE_TAPS];
    private final int window;
    private final float[] history;
    private int position;
    private boolean oddInput;

    private HalfBandResampler(boolean upsampling) {
        this.upsampling = upsampling;
        this.window = upsampling ? 2 * SIDE_TAPS : 4 * SIDE_TAPS - 1;
        this.history = new float[2 * window];
        designFilter();
    }

    /** 8 kHz in, 16 kHz out. */
    public static HalfBandResampler upsampler() {
        return new HalfBandResampler(true);
    }

    /** 16 kHz in, 8 kHz out. */
    public static HalfBandResampler downsampler() {
        return new HalfBandResampler(false);
    }

    public int inputRateHz() {
        return upsampling ? 8000 : 16000;
    }

    public int outputRateHz() {
        return upsampling ? 16000 : 8000;
    }

    /** Fixed delay of the output relative to the input, in input samples. */
    public int delayInputSamples() {
        return upsampling ? SIDE_TAPS : 2 * SIDE_TAPS - 1;
    }

    /** Upper bound of the samples one {@link #process} call with {@code inputSamples} can write. */
    public int maxOutputSamples(int inputSamples) {
        return upsampling ? 2 * inputSamples : inputSamples / 2 + 1;
    }

    /**
     * Converts {@code inputSamples} samples from {@code in} into {@code out}.
     *
     * @return the number of samples written
     * @throws IllegalArgumentException if {@code out} has less room than {@link #maxOutputSamples(int)}
     */
    public int process(short[] in, int inOffset, int inputSamples, short[] out, int outOffset) {
        if (out.length - outOffset < maxOutputSamples(inputSamples)) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOffset)
                    + " samples, needs " + maxOutputSamples(inputSamples));
        }
        int written = 0;
        float[] h = history;
        float[] c = pairCoefficients;
        for (int n = 0; n < inputSamples; n++) {
            float sample = in[inOffset + n];
            h[position] = sample;
            h[position + window] = sample;
            position = position + 1 == window ? 0 : position + 1;
            int w = position; // h[w .. w + window - 1] is the window, oldest first
            if (upsampling) {
                // Even output: the centre sample itself; odd output: the symmetric pairs around it.
                int centre = w + SIDE_TAPS - 1;
                float sum0 = 0f;
                float sum1 = 0f;
                for (int j = 1; j < SIDE_TAPS; j += 2) {
                    sum0 += c[j - 1] * (h[centre + 1 - j] + h[centre + j]);
                    sum1 += c[j] * (h[centre - j] + h[centre + j + 1]);
                }
                out[outOffset + written++] = (short) h[centre];
                out[outOffset + written++] = clip(sum0 + sum1);
            } else {
                oddInput = !oddInput;
                if (!oddInput) {
                    int centre = w + 2 * SIDE_TAPS - 1;
                    float sum0 = 0.5f * h[centre];
                    float sum1 = 0f;
                    for (int j = 1; j < SIDE_TAPS; j += 2) {
                        int k = 2 * j - 1;
                        sum0 += c[j - 1] * (h[centre - k] + h[centre + k]);
                        sum1 += c[j] * (h[centre - k - 2] + h[centre + k + 2]);
                    }
                    out[outOffset + written++] = clip(sum0 + sum1);
                }
            }
        }
        return written;
    }

    /** Forgets the stream: the next call starts from silence. */
    public void reset() {
        java.util.Arrays.fill(history, 0f);
        position = 0;
        oddInput = false;
    }

    private static short clip(float value) {
        int rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private void designFilter() {
        // Half-band prototype at 16 kHz: h[0] = 1/2, h[k] = sinc(k/2)/2 for odd k, zero for even k.
        double half = 2.0 * SIDE_TAPS;
        double sum = 0;
        double[] taps = new double[SIDE_TAPS];
        for (int j = 1; j <= SIDE_TAPS; j++) {
            int k = 2 * j - 1;
            double x = k / half;
            double window = besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
            taps[j - 1] = 0.5 * Math.sin(Math.PI * k / 2.0) / (Math.PI * k / 2.0) * window;
            sum += taps[j - 1];
        }
        // Normalise the odd taps to 1/4 per side so the DC gain is exactly one (1/2 + 2 * 1/4).
        double gain = upsampling ? 2.0 : 1.0; // zero-stuffing halves the level; the upsampler restores it
        for (int j = 0; j < SIDE_TAPS; j++) {
            pairCoefficients[j] = (float) (taps[j] * 0.25 / sum * gain);
        }
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
}
