package org.babelbridge.media.resample;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Nanoseconds per 20 ms frame for the conversions the bridge makes (telephony, STT and TTS rates). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResamplerBenchmark {
    @Param({"8000>16000", "16000>8000", "24000>16000", "22050>16000", "48000>16000"})
    public String conversion;

    private Resampler resampler;
    private short[] frame;
    private short[] out;

    @Setup
    public void setUp() {
        String[] rates = conversion.split(">");
        int in = Integer.parseInt(rates[0]);
        resampler = new Resampler(in, Integer.parseInt(rates[1]));
        frame = new short[in / 50];
        Random random = new Random(1);
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) random.nextInt(-8000, 8000);
        }
        out = new short[resampler.maxOutputSamples(frame.length)];
    }

    @Benchmark
    public short[] resampleFrame() {
        resampler.process(frame, 0, frame.length, out, 0);
        return out;
    }
}
