package org.babelbridge.media.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static final int[] RATES = {8000, 16000, 22050, 24000, 48000};
    private static final double AMPLITUDE = 10_000;

    static List<int[]> conversions() {
        List<int[]> pairs = new ArrayList<>();
        for (int in : RATES) {
            for (int out : RATES) {
                if (in != out) {
                    pairs.add(new int[] {in, out});
                }
            }
        }
        return pairs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void passbandIsFlatWithinATenthOfADecibelUpToEightyFivePercentOfNyquist(int[] rates) {
        double nyquist = Math.min(rates[0], rates[1]) / 2.0;
        for (double hz = 100; hz <= 0.85 * nyquist; hz += 0.85 * nyquist / 23) {
            short[] out = resampleTone(rates[0], rates[1], hz);
            double gainDb = 20 * Math.log10(toneAmplitude(out, rates[1], hz) / AMPLITUDE);
            assertThat(gainDb).as("%d -> %d Hz at %.0f Hz", rates[0], rates[1], hz).isBetween(-0.1, 0.1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void attenuatesEverythingAboveTheLowerNyquistBySixtyDecibels(int[] rates) {
        int in = rates[0];
        int out = rates[1];
        if (out < in) {
            // Downsampling: tones the output cannot carry must not alias back into it.
            for (double hz = 1.02 * out / 2; hz < in / 2.0; hz += (in / 2.0 - out / 2.0) / 17) {
                short[] result = resampleTone(in, out, hz);
                double levelDb = 20 * Math.log10(rms(result) * Math.sqrt(2) / AMPLITUDE);
                assertThat(levelDb).as("%d -> %d Hz, tone %.0f Hz", in, out, hz).isLessThan(-60);
            }
        } else {
            // Upsampling: the images of passband tones (mirrored around the input Nyquist) must vanish.
            for (double hz = 100; hz <= 0.85 * in / 2; hz += 0.85 * in / 2 / 13) {
                short[] result = resampleTone(in, out, hz);
                double image = in - hz;
                double levelDb = 20 * Math.log10(toneAmplitude(result, out, image) / AMPLITUDE);
                assertThat(levelDb).as("%d -> %d Hz, image of %.0f Hz", in, out, hz).isLessThan(-60);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void turnsEveryTwentyMillisecondFrameIntoExactlyOneFrame(int[] rates) {
        Resampler resampler = new Resampler(rates[0], rates[1]);
        short[] frame = new short[rates[0] / 50];
        short[] out = new short[resampler.maxOutputSamples(frame.length)];
        for (int i = 0; i < 100; i++) {
            assertThat(resampler.process(frame, 0, frame.length, out, 0)).isEqualTo(rates[1] / 50);
        }
    }

    @Test
    void givesTheSameOutputWhateverTheChunkSizes() {
        Random random = new Random(7);
        short[] input = new short[22050];
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) random.nextInt(-20000, 20000);
        }
        Resampler whole = new Resampler(22050, 16000);
        short[] expected = new short[whole.maxOutputSamples(input.length)];
        int expectedCount = whole.process(input, 0, input.length, expected, 0);

        Resampler chunked = new Resampler(22050, 16000);
        short[] actual = new short[expected.length];
        short[] scratch = new short[chunked.maxOutputSamples(1000)];
        int count = 0;
        for (int offset = 0; offset < input.length; ) {
            int n = Math.min(random.nextInt(1, 1000), input.length - offset);
            int produced = chunked.process(input, offset, n, scratch, 0);
            System.arraycopy(scratch, 0, actual, count, produced);
            count += produced;
            offset += n;
        }
        assertThat(count).isEqualTo(expectedCount).isEqualTo(16000);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void delaysTheSignalByHalfTheFilterLength() {
        Resampler resampler = new Resampler(16000, 8000);
        short[] impulse = new short[1600];
        impulse[400] = 30000;
        short[] out = new short[resampler.maxOutputSamples(impulse.length)];
        int n = resampler.process(impulse, 0, impulse.length, out, 0);
        int peak = 0;
        for (int i = 1; i < n; i++) {
            if (out[i] > out[peak]) {
                peak = i;
            }
        }
        assertThat(peak * 2).isEqualTo(400 + resampler.delayInputSamples());
    }

    @Test
    void clipsInsteadOfWrappingOnFullScaleSquareWaves() {
        Resampler resampler = new Resampler(8000, 48000);
        short[] square = new short[800];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 20) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = new short[resampler.maxOutputSamples(square.length)];
        int n = resampler.process(square, 0, square.length, out, 0);
        // Gibbs overshoot would wrap to the opposite sign without saturation; check no sign flips mid-plateau.
        for (int i = 600; i < n; i++) {
            int inputIndex = (i - resampler.delayInputSamples() * 6) / 6;
            int positionInHalfPeriod = inputIndex % 20;
            if (positionInHalfPeriod > 5 && positionInHalfPeriod < 15) {
                boolean high = (inputIndex / 20) % 2 == 0;
                assertThat(high ? out[i] > 20000 : out[i] < -20000).as("sample %d", i).isTrue();
            }
        }
    }

    @Test
    void copiesWhenRatesAreEqualAndRejectsUnsupportedRatesAndShortOutput() {
        Resampler same = new Resampler(16000, 16000);
        short[] out = new short[same.maxOutputSamples(3)];
        assertThat(same.process(new short[] {1, 2, 3}, 0, 3, out, 0)).isEqualTo(3);
        assertThat(out).startsWith((short) 1, (short) 2, (short) 3);
        assertThatThrownBy(() -> new Resampler(44100, 16000)).hasMessageContaining("44100");
        assertThatThrownBy(() -> new Resampler(8000, 16000).process(new short[160], 0, 160, new short[100], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Resamples two seconds of a tone in 20 ms frames and returns the last second (transients gone). */
    private static short[] resampleTone(int inRate, int outRate, double hz) {
        Resampler resampler = new Resampler(inRate, outRate);
        int frame = inRate / 50;
        short[] in = new short[frame];
        short[] out = new short[outRate * 2];
        short[] scratch = new short[resampler.maxOutputSamples(frame)];
        int written = 0;
        for (int f = 0; f < 100; f++) {
            for (int i = 0; i < frame; i++) {
                long n = (long) f * frame + i;
                in[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * hz * n / inRate));
            }
            int produced = resampler.process(in, 0, frame, scratch, 0);
            System.arraycopy(scratch, 0, out, written, produced);
            written += produced;
        }
        short[] tail = new short[outRate];
        System.arraycopy(out, written - outRate, tail, 0, outRate);
        return tail;
    }

    /** Amplitude of one frequency over a whole number of seconds (exact for integer-Hz tones, windowed otherwise). */
    private static double toneAmplitude(short[] samples, int rate, double hz) {
        double re = 0;
        double im = 0;
        double windowSum = 0;
        for (int i = 0; i < samples.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / samples.length);
            re += w * samples[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += w * samples[i] * Math.sin(2 * Math.PI * hz * i / rate);
            windowSum += w;
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }

    private static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }
}
