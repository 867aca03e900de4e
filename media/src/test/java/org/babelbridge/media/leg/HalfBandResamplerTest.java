package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfBandResamplerTest {

    private static short[] tone(double hz, int rate, int samples, double amplitude) {
        short[] x = new short[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Level of {@code hz} in {@code x[from..from+n)} relative to full amplitude {@code reference}, in dB. */
    private static double levelDb(short[] x, int from, int n, double hz, int rate, double reference) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double magnitude = Math.sqrt(s1 * s1 + s2 * s2 - coeff * s1 * s2) / n * 2;
        return 20 * Math.log10(magnitude / reference);
    }

    private static short[] run(HalfBandResampler r, short[] in, int chunk, int ratioNum, int ratioDen) {
        short[] out = new short[in.length * ratioNum / ratioDen];
        int o = 0;
        for (int i = 0; i + chunk <= in.length; i += chunk) {
            o += r.process(in, i, chunk, out, o);
        }
        return out;
    }

    @Test
    void upsamplingKeepsTheTelephoneBandFlatAndSuppressesImages() {
        for (double hz : new double[] {300, 1000, 3000, 3400}) {
            short[] out = run(new HalfBandResampler(true), tone(hz, 8000, 8000, 10_000), 160, 2, 1);

            assertThat(levelDb(out, 2000, 12_000, hz, 16_000, 10_000)).isBetween(-0.1, 0.1);
            assertThat(levelDb(out, 2000, 12_000, 8000 - hz, 16_000, 10_000)).isLessThan(-65);
        }
    }

    @Test
    void decimationKeepsTheTelephoneBandAndRejectsWhatWouldAlias() {
        for (double hz : new double[] {300, 1000, 3400}) {
            short[] out = run(new HalfBandResampler(false), tone(hz, 16_000, 16_000, 10_000), 320, 1, 2);
            assertThat(levelDb(out, 1000, 6000, hz, 8000, 10_000)).isBetween(-0.1, 0.1);
        }
        for (double hz : new double[] {4600, 5000, 7000}) {
            short[] out = run(new HalfBandResampler(false), tone(hz, 16_000, 16_000, 10_000), 320, 1, 2);
            assertThat(levelDb(out, 1000, 6000, 8000 - hz, 8000, 10_000)).isLessThan(-65);
        }
    }

    @Test
    void chunkSizeDoesNotChangeTheOutput() {
        short[] in = tone(1234, 8000, 1600, 12_000);
        short[] whole = new short[3200];
        new HalfBandResampler(true).process(in, 0, 1600, whole, 0);

        short[] chunked = run(new HalfBandResampler(true), in, 80, 2, 1);

        assertThat(chunked).isEqualTo(whole);
    }

    @Test
    void fullScaleInputSaturatesInsteadOfWrapping() {
        short[] square = new short[1600];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 4) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = run(new HalfBandResampler(true), square, 160, 2, 1);

        // Overshoot near the edges clips at full scale; a wrapped sample would flip sign next to a peak.
        for (int i = 1000; i < out.length - 1; i++) {
            assertThat(Math.abs(out[i] - out[i + 1])).isLessThan(40_000);
        }
    }
}
