package org.babelbridge.media.resample;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Nanoseconds per 20 ms frame for the telephony fast path (8 <-> 16 kHz half-band). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HalfBandResamplerBenchmark {
    private final HalfBandResampler up = HalfBandResampler.upsampler();
    private final HalfBandResampler down = HalfBandResampler.downsampler();
    private final short[] narrowband = new short[160];
    private final short[] wideband = new short[320];
    private final short[] out = new short[640];

    @Setup
    public void setUp() {
        Random random = new Random(1);
        for (int i = 0; i < wideband.length; i++) {
            wideband[i] = (short) random.nextInt(-8000, 8000);
        }
        for (int i = 0; i < narrowband.length; i++) {
            narrowband[i] = wideband[2 * i];
        }
    }

    @Benchmark
    public short[] upsample8To16() {
        up.process(narrowband, 0, 160, out, 0);
        return out;
    }

    @Benchmark
    public short[] downsample16To8() {
        down.process(wideband, 0, 320, out, 0);
        return out;
    }
}
