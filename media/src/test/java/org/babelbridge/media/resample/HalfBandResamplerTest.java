package org.babelbridge.media.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfBandResamplerTest {
    private static final double AMPLITUDE = 10_000;

    @Test
    void passbandIsFlatWithinATenthOfADecibelUpTo3400Hz() {
        for (boolean up : new boolean[] {true, false}) {
            for (double hz = 100; hz <= 3400; hz += 150) {
                HalfBandResampler resampler = up ? HalfBandResampler.upsampler() : HalfBandResampler.downsampler();
                short[] out = resampleTone(resampler, hz);
                double gainDb = 20 * Math.log10(toneAmplitude(out, resampler.outputRateHz(), hz) / AMPLITUDE);
                assertThat(gainDb).as("%s at %.0f Hz", up ? "8->16" : "16->8", hz).isBetween(-0.1, 0.1);
            }
        }
    }

    @Test
    void upsamplingLeavesImagesOfTheTelephoneBandSixtyDecibelsDown() {
        for (double hz = 100; hz <= 3400; hz += 150) {
            HalfBandResampler resampler = HalfBandResampler.upsampler();
            short[] out = resampleTone(resampler, hz);
            double imageDb = 20 * Math.log10(toneAmplitude(out, 16000, 8000 - hz) / AMPLITUDE);
            assertThat(imageDb).as("image of %.0f Hz", hz).isLessThan(-60);
        }
    }

    @Test
    void downsamplingSuppressesEverythingFrom4600HzBySixtyDecibels() {
        for (double hz = 4600; hz < 8000; hz += 170) {
            short[] out = resampleTone(HalfBandResampler.downsampler(), hz);
            double levelDb = 20 * Math.log10(rms(out) * Math.sqrt(2) / AMPLITUDE);
            assertThat(levelDb).as("tone %.0f Hz", hz).isLessThan(-60);
        }
    }

    @Test
    void turnsEveryTwentyMillisecondFrameIntoExactlyOneFrame() {
        HalfBandResampler up = HalfBandResampler.upsampler();
        HalfBandResampler down = HalfBandResampler.downsampler();
        short[] out = new short[640];
        for (int i = 0; i < 50; i++) {
            assertThat(up.process(new short[160], 0, 160, out, 0)).isEqualTo(320);
            assertThat(down.process(new short[320], 0, 320, out, 0)).isEqualTo(160);
        }
    }

    @Test
    void delaysAnImpulseByTheAdvertisedAmount() {
        for (boolean upsampling : new boolean[] {true, false}) {
            HalfBandResampler resampler = upsampling ? HalfBandResampler.upsampler() : HalfBandResampler.downsampler();
            short[] impulse = new short[400];
            impulse[100] = 30000;
            short[] out = new short[resampler.maxOutputSamples(impulse.length)];
            int n = resampler.process(impulse, 0, impulse.length, out, 0);
            int peak = 0;
            for (int i = 1; i < n; i++) {
                if (out[i] > out[peak]) {
                    peak = i;
                }
            }
            double inputPosition = upsampling ? peak / 2.0 : peak * 2.0;
            // The downsampler's outputs sit on odd input instants, so its peak may fall one input sample off.
            assertThat(inputPosition - 100).isCloseTo(resampler.delayInputSamples(),
                    org.assertj.core.api.Assertions.within(1.0));
        }
    }

    @Test
    void givesTheSameOutputWhateverTheChunkSizes() {
        Random random = new Random(3);
        short[] input = new short[16000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) random.nextInt(-20000, 20000);
        }
        HalfBandResampler whole = HalfBandResampler.downsampler();
        short[] expected = new short[whole.maxOutputSamples(input.length)];
        int expectedCount = whole.process(input, 0, input.length, expected, 0);
        HalfBandResampler chunked = HalfBandResampler.downsampler();
        short[] actual = new short[expected.length];
        short[] scratch = new short[chunked.maxOutputSamples(999)];
        int count = 0;
        for (int offset = 0; offset < input.length; ) {
            int n = Math.min(random.nextInt(1, 999), input.length - offset);
            int produced = chunked.process(input, offset, n, scratch, 0);
            System.arraycopy(scratch, 0, actual, count, produced);
            count += produced;
            offset += n;
        }
        assertThat(count).isEqualTo(expectedCount).isEqualTo(8000);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void rejectsTooSmallOutput() {
        assertThatThrownBy(() -> HalfBandResampler.upsampler().process(new short[160], 0, 160, new short[200], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static short[] resampleTone(HalfBandResampler resampler, double hz) {
        int inRate = resampler.inputRateHz();
        int outRate = resampler.outputRateHz();
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
