package org.babelbridge.media.leg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.jitter.JitterBuffer;
import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.mix.ListenerMixer;
import org.babelbridge.media.mix.MixerConfig;
import org.babelbridge.media.mix.Route;
import org.babelbridge.media.resample.HalfBandResampler;
import org.babelbridge.media.rtp.RtpPacket;
import org.babelbridge.media.rtp.RtpParser;
import org.babelbridge.media.rtp.RtpWriter;

/**
 * Thread CPU time (not wall time) per 20 ms frame of the media-core stages, the same work as the JMH
 * benchmarks, for a machine whose cores are shared: wall-clock scores there mostly measure waiting.
 * Run: {@code java -cp media/target/benchmarks.jar org.babelbridge.media.leg.LegCpuTimePerFrame}
 */
public final class LegCpuTimePerFrame {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final int WARMUP = 300_000;
    private static final int MEASURED = 300_000;
    private static volatile long sink;

    private LegCpuTimePerFrame() {
    }

    public static void main(String[] args) {
        Random random = new Random(5);
        short[][] frames = new short[4][FRAME];
        for (short[] f : frames) {
            for (int i = 0; i < FRAME; i++) {
                f[i] = (short) (random.nextGaussian() * 3000);
            }
        }
        short[] out = new short[FRAME];
        short[] narrow = new short[FRAME];
        byte[] payload = new byte[FRAME];
        short[] dubbed = new short[FRAME * 50];
        ListenerMixer mixer = new ListenerMixer(0, 4, MixerConfig.defaults());
        mixer.setRoute(2, Route.DUBBED);
        PcmuCodec pcmu = new PcmuCodec();
        HalfBandResampler down = HalfBandResampler.downsampler();
        JitterBuffer jitter = new JitterBuffer(JitterBufferConfig.of(20, 200));
        long[] position = {0};
        RtpParser parser = new RtpParser();
        RtpPacket packet = new RtpPacket();
        RtpWriter writer = new RtpWriter(1, 0);
        byte[] datagram = new byte[172];

        InetSocketAddress phone = new InetSocketAddress("127.0.0.1", 30_000);
        LegReceiver receiver = new LegReceiver(JitterBufferConfig.of(20, 200), 3);
        receiver.configure(new PcmuCodec(), 101, phone);
        LegSender sender = new LegSender(42, 0, 0);
        sender.configure(new PcmuCodec());
        RtpWriter remote = new RtpWriter(7, 0);
        byte[] inbound = new byte[172];
        pcmu.encode(frames[1], 0, 160, inbound, 12);
        long[] tick = {0};
        org.babelbridge.media.dtmf.DtmfListener digits = (key, ms, ts) -> { };

        Map<String, Runnable> stages = new LinkedHashMap<>();
        stages.put("RTP parse (172 B)", () -> {
            writer.writeHeader(datagram, 0, false, 0, 160);
            parser.parse(datagram, 0, datagram.length, packet);
        });
        stages.put("jitter buffer put + pull", () -> {
            jitter.put(position[0], frames[1], 0, FRAME, position[0] * 62_500L, false);
            jitter.pull(out, 0);
            position[0] += FRAME;
        });
        stages.put("4-party mix for one listener (1 dubbed + ducked)", () -> {
            if (mixer.queuedSamples() < FRAME) {
                mixer.queue(2, dubbed);
            }
            mixer.mix(frames, out);
        });
        stages.put("mix + 16->8 kHz + PCMU encode", () -> {
            if (mixer.queuedSamples() < FRAME) {
                mixer.queue(2, dubbed);
            }
            mixer.mix(frames, out);
            int n = down.process(out, 0, FRAME, narrow, 0);
            pcmu.encode(narrow, 0, n, payload, 0);
        });
        ListenerMixer passthrough = new ListenerMixer(0, 4, MixerConfig.defaults());
        short[] narrowOut = new short[ListenerMixer.NARROWBAND_FRAME];
        stages.put("mix at 8 kHz + PCMU encode (all G.711, nothing dubbed)", () -> {
            passthrough.mixNarrowband(frames, narrowOut);
            pcmu.encode(narrowOut, 0, narrowOut.length, payload, 0);
        });
        ListenerMixer narrowDubbedMixer = new ListenerMixer(0, 4, MixerConfig.defaults());
        narrowDubbedMixer.setRoute(2, Route.DUBBED);
        short[] dubbed8k = new short[FRAME * 25]; // the copy made when the speech was queued
        stages.put("mix at 8 kHz + PCMU encode (G.711, 1 dubbed + ducked)", () -> {
            if (narrowDubbedMixer.queuedSamples() < FRAME) {
                narrowDubbedMixer.queue(2, dubbed, dubbed8k);
            }
            narrowDubbedMixer.mixNarrowband(frames, narrowOut);
            pcmu.encode(narrowOut, 0, narrowOut.length, payload, 0);
        });
        LegSender narrowSender = new LegSender(43, 0, 0);
        narrowSender.configure(new PcmuCodec());
        stages.put("whole leg-frame without sockets (PCMU, 8 kHz mix)", () -> {
            remote.writeHeader(inbound, 0, false, tick[0] * 160, 160);
            receiver.onDatagram(inbound, inbound.length, phone, tick[0] * 20_000_000L, digits);
            receiver.pull(frames[0]);
            passthrough.mixNarrowband(frames, narrowOut);
            sink += narrowSender.buildNarrowband(narrowOut, tick[0]);
            tick[0]++;
        });
        stages.put("whole leg-frame without sockets (PCMU)", () -> {
            remote.writeHeader(inbound, 0, false, tick[0] * 160, 160);
            receiver.onDatagram(inbound, inbound.length, phone, tick[0] * 20_000_000L, digits);
            receiver.pull(frames[0]);
            mixer.mix(frames, out);
            sink += sender.build(out, tick[0]);
            tick[0]++;
        });

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-50s %12s%n", "stage", "ns/frame (CPU)");
        for (Map.Entry<String, Runnable> stage : stages.entrySet()) {
            Runnable work = stage.getValue();
            for (int i = 0; i < WARMUP; i++) {
                work.run();
            }
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < MEASURED; i++) {
                work.run();
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            System.out.printf("%-50s %12.0f%n", stage.getKey(), (double) cpu / MEASURED);
        }
        sink += out[0] + payload[0];
    }
}
