package org.babelbridge.media.resample;

/**
 * Streaming sample-rate converter for mono PCM16 between 8, 16, 22.05, 24 and 48 kHz.
 *
 * <p>A polyphase windowed-sinc (Kaiser, beta 7.5) low-pass filter: flat (&lt; 0.1 dB) up to 85 % of
 * the lower Nyquist frequency and at least 60 dB down from that Nyquist frequency on. Filter state is
 * kept between calls, so a stream may be fed in any chunk sizes (a 20 ms frame at a time) and gives
 * the same output as one call over the whole stream. The output lags the input by a fixed
 * {@link #delayInputSamples()}; a whole 20 ms frame in gives a whole 20 ms frame out.
 *
 * <p>One instance per stream, used from one thread; {@link #process} does not allocate.
 */
public final class Resampler {
    private static final int[] SUPPORTED_RATES_HZ = {8000, 16000, 22050, 24000, 48000};
    private static final int TAPS_AT_UNIT_RATIO = 64;
    private static final double KAISER_BETA = 7.5;
    private static final double CUTOFF_OF_LOWER_NYQUIST = 0.925;

    private final int inputRateHz;
    private final int outputRateHz;
    private final int upFactor;
    private final int downFactor;
    private final int taps;
    /** Coefficients phase-major: {@code coefficients[phase * taps + tap]}, oldest input sample first. */
    private final float[] coefficients;
    /** The last {@code taps} input samples, written twice so that a window is always contiguous. */
    private final float[] history;
    private int historyPosition;
    private int phase;
    private int inputsUntilNextOutput;

    public Resampler(int inputRateHz, int outputRateHz) {
        requireSupported(inputRateHz);
        requireSupported(outputRateHz);
        this.inputRateHz = inputRateHz;
        this.outputRateHz = outputRateHz;
        int gcd = gcd(inputRateHz, outputRateHz);
        this.upFactor = outputRateHz / gcd;
        this.downFactor = inputRateHz / gcd;
        double downsampling = Math.max(1.0, (double) inputRateHz / outputRateHz);
        int tapCount = (int) Math.ceil(TAPS_AT_UNIT_RATIO * downsampling);
        this.taps = inputRateHz == outputRateHz ? 1 : tapCount + (tapCount & 1);
        this.coefficients = designFilter();
        this.history = new float[2 * taps];
    }

    /** Whether {@code rateHz} is one of the rates this resampler converts between. */
    public static boolean isSupported(int rateHz) {
        for (int rate : SUPPORTED_RATES_HZ) {
            if (rate == rateHz) {
                return true;
            }
        }
        return false;
    }

    public int inputRateHz() {
        return inputRateHz;
    }

    public int outputRateHz() {
        return outputRateHz;
    }

    /** Fixed delay of the output relative to the input, in input samples (half the filter length). */
    public int delayInputSamples() {
        return inputRateHz == outputRateHz ? 0 : taps / 2;
    }

    /** Upper bound of the samples one {@link #process} call with {@code inputSamples} can write. */
    public int maxOutputSamples(int inputSamples) {
        return (int) (((long) inputSamples * upFactor + downFactor - 1) / downFactor) + 1;
    }

    /**
     * Converts {@code inputSamples} samples from {@code in} and writes the output to {@code out}.
     *
     * @return the number of samples written, at most {@link #maxOutputSamples(int)}
     * @throws IllegalArgumentException if {@code out} has less room than {@link #maxOutputSamples(int)}
     */
    public int process(short[] in, int inOffset, int inputSamples, short[] out, int outOffset) {
        if (out.length - outOffset < maxOutputSamples(inputSamples)) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOffset)
                    + " samples, needs " + maxOutputSamples(inputSamples));
        }
        if (upFactor == downFactor) {
            System.arraycopy(in, inOffset, out, outOffset, inputSamples);
            return inputSamples;
        }
        int written = 0;
        for (int n = 0; n < inputSamples; n++) {
            float sample = in[inOffset + n];
            history[historyPosition] = sample;
            history[historyPosition + taps] = sample;
            historyPosition = historyPosition + 1 == taps ? 0 : historyPosition + 1;
            while (inputsUntilNextOutput == 0) {
                out[outOffset + written++] = filter(phase);
                phase += downFactor;
                inputsUntilNextOutput = phase / upFactor;
                phase -= inputsUntilNextOutput * upFactor;
            }
            inputsUntilNextOutput--;
        }
        return written;
    }

    /** Forgets the stream: the next call starts from silence, as a new instance would. */
    public void reset() {
        java.util.Arrays.fill(history, 0f);
        historyPosition = 0;
        phase = 0;
        inputsUntilNextOutput = 0;
    }

    private short filter(int filterPhase) {
        int base = filterPhase * taps;
        int start = historyPosition;
        // Four independent sums break the add-latency chain (the JIT does not reorder float sums).
        float sum0 = 0f;
        float sum1 = 0f;
        float sum2 = 0f;
        float sum3 = 0f;
        int k = 0;
        for (; k + 3 < taps; k += 4) {
            sum0 += coefficients[base + k] * history[start + k];
            sum1 += coefficients[base + k + 1] * history[start + k + 1];
            sum2 += coefficients[base + k + 2] * history[start + k + 2];
            sum3 += coefficients[base + k + 3] * history[start + k + 3];
        }
        for (; k < taps; k++) {
            sum0 += coefficients[base + k] * history[start + k];
        }
        int rounded = Math.round((sum0 + sum1) + (sum2 + sum3));
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private float[] designFilter() {
        float[] table = new float[upFactor * taps];
        if (upFactor == downFactor) {
            table[0] = 1f;
            return table;
        }
        // Cutoff in cycles per input sample, below the lower of the two Nyquist frequencies.
        double cutoff = 0.5 * Math.min(1.0, (double) upFactor / downFactor) * CUTOFF_OF_LOWER_NYQUIST;
        double halfLength = taps / 2.0;
        double besselBeta = besselI0(KAISER_BETA);
        double[] phaseTaps = new double[taps];
        for (int p = 0; p < upFactor; p++) {
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                // Distance in input samples from tap k to the output instant of this phase.
                double distance = halfLength - 1 - k + (double) p / upFactor;
                double x = distance / halfLength;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselBeta;
                double h = 2 * cutoff * sinc(2 * cutoff * distance) * window;
                phaseTaps[k] = h;
                sum += h;
            }
            // Each phase is normalised to unity gain at DC so no phase adds a ripple of its own.
            for (int k = 0; k < taps; k++) {
                table[p * taps + k] = (float) (phaseTaps[k] / sum);
            }
        }
        return table;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1;
        }
        return Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static void requireSupported(int rateHz) {
        if (!isSupported(rateHz)) {
            throw new IllegalArgumentException("unsupported sample rate " + rateHz
                    + " Hz, supported: 8000, 16000, 22050, 24000, 48000");
        }
    }
}
