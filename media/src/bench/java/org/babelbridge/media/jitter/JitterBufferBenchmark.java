package org.babelbridge.media.jitter;

import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
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

/**
 * Nanoseconds per 20 ms frame through the jitter buffer in steady state: one packet put, one frame
 * pulled; and a pull that has to conceal a lost packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JitterBufferBenchmark {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private final short[] packet = new short[FRAME];
    private final short[] out = new short[FRAME];
    private JitterBuffer buffer;
    private long position;
    private long nowNs;

    @Setup
    public void setUp() {
        for (int i = 0; i < FRAME; i++) {
            packet[i] = (short) (4000 * Math.sin(2 * Math.PI * 180 * i / 16000.0));
        }
        buffer = new JitterBuffer(JitterBufferConfig.of(20, 200));
    }

    @Benchmark
    public short[] putAndPull() {
        buffer.put(position, packet, 0, FRAME, nowNs, false);
        buffer.pull(out, 0);
        position += FRAME;
        nowNs += 20_000_000L;
        return out;
    }

    @Benchmark
    public short[] putAndPullWithEveryTenthPacketLost() {
        if (position % (10L * FRAME) != 0) {
            buffer.put(position, packet, 0, FRAME, nowNs, false);
        }
        buffer.pull(out, 0);
        position += FRAME;
        nowNs += 20_000_000L;
        return out;
    }
}
