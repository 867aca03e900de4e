package org.babelbridge.media.codec;

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

/** Nanoseconds per 20 ms frame to decode and encode G.711 µ-law (8 kHz) and G.722 (16 kHz). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final PcmuCodec pcmu = new PcmuCodec();
    private final G722Codec g722 = new G722Codec();
    private final short[] narrowbandFrame = new short[160];
    private final short[] widebandFrame = new short[320];
    private final byte[] pcmuPayload = new byte[160];
    private final byte[] g722Payload = new byte[160];
    private final short[] pcmOut = new short[320];
    private final byte[] payloadOut = new byte[160];

    @Setup
    public void setUp() {
        Random random = new Random(1);
        for (int i = 0; i < widebandFrame.length; i++) {
            // Speech-like: a few harmonics plus noise, so G.722's quantiser adapts as on real audio.
            double t = i / 16000.0;
            widebandFrame[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * t) + 2000 * Math.sin(2 * Math.PI * 1870 * t)
                    + random.nextGaussian() * 500);
        }
        for (int i = 0; i < narrowbandFrame.length; i++) {
            narrowbandFrame[i] = widebandFrame[2 * i];
        }
        pcmu.encode(narrowbandFrame, 0, 160, pcmuPayload, 0);
        new G722Codec().encode(widebandFrame, 0, 320, g722Payload, 0);
    }

    @Benchmark
    public short[] decodePcmu() {
        pcmu.decode(pcmuPayload, 0, 160, pcmOut, 0);
        return pcmOut;
    }

    @Benchmark
    public byte[] encodePcmu() {
        pcmu.encode(narrowbandFrame, 0, 160, payloadOut, 0);
        return payloadOut;
    }

    @Benchmark
    public short[] decodeG722() {
        g722.decode(g722Payload, 0, 160, pcmOut, 0);
        return pcmOut;
    }

    @Benchmark
    public byte[] encodeG722() {
        g722.encode(widebandFrame, 0, 320, payloadOut, 0);
        return payloadOut;
    }
}
