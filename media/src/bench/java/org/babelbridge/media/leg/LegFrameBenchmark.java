package org.babelbridge.media.leg;

import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.mix.ListenerMixer;
import org.babelbridge.media.mix.MixerConfig;
import org.babelbridge.media.rtp.RtpWriter;
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
 * Nanoseconds of user-space work per leg per 20 ms frame in a 4-party PCMU call, without the socket
 * calls: receive one RTP packet (parse, stats, latch, decode, 8 to 16 kHz, jitter buffer), pull the
 * frame, mix the three others for this listener, and build the outgoing packet (16 to 8 kHz, encode,
 * RTP header). Compare with the capacity bench, which adds the kernel's UDP cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LegFrameBenchmark {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.0.1", 30_000);
    private final LegReceiver receiver = new LegReceiver(JitterBufferConfig.of(20, 200), 3);
    private final LegSender sender = new LegSender(42, 0, 0);
    private final RtpWriter phone = new RtpWriter(7, 0);
    private final byte[] datagram = new byte[172];
    private final short[][] frames = new short[4][FRAME];
    private final short[] out = new short[FRAME];
    private final ListenerMixer mixer = new ListenerMixer(0, 4, MixerConfig.defaults());
    private final org.babelbridge.media.dtmf.DtmfListener digits = (key, ms, ts) -> { };
    private long tick;

    @Setup
    public void setUp() {
        receiver.configure(new PcmuCodec(), 101, PHONE);
        sender.configure(new PcmuCodec());
        short[] speech = new short[160];
        Random random = new Random(5);
        for (int i = 0; i < 160; i++) {
            speech[i] = (short) (random.nextGaussian() * 3000);
        }
        new PcmuCodec().encode(speech, 0, 160, datagram, 12);
        for (int s = 1; s < 4; s++) {
            for (int i = 0; i < FRAME; i++) {
                frames[s][i] = (short) (random.nextGaussian() * 2000);
            }
        }
    }

    @Benchmark
    public int legFrame() {
        phone.writeHeader(datagram, 0, false, tick * 160, 160);
        receiver.onDatagram(datagram, datagram.length, PHONE, tick * 20_000_000L, digits);
        receiver.pull(frames[0]);
        mixer.mix(frames, out);
        int length = sender.build(out, tick);
        tick++;
        return length;
    }
}
