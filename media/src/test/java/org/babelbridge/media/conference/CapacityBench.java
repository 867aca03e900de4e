package org.babelbridge.media.conference;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.rtp.RtpWriter;
import org.babelbridge.media.wav.WavReader;

/**
 * Capacity bench: N legs of real PCMU RTP over loopback in 4-party passthrough calls, each leg both
 * directions. A generator thread plays a recorded prompt into every leg every 20 ms and drains what
 * the engine sends back. For each N it reports the share of ticks that started more than 5 ms late or
 * were skipped, frames lost or late in the jitter buffers, the added latency (packet received to the
 * same audio sent; the histogram tops out at 500 ms) and the media threads' CPU time (user + system)
 * per leg per frame.
 *
 * <p>Run: {@code mvn -q -o -pl media test-compile && java -cp media/target/classes:media/target/test-classes
 * org.babelbridge.media.conference.CapacityBench 200 400 800 1000}
 * (optional system properties: {@code -Dbench.seconds=10 -Dbench.threads=2 -Dbench.jitterMinMs=20}).
 */
public final class CapacityBench {
    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/hello-world.wav");

    private CapacityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int threads = Integer.getInteger("bench.threads", 2);
        int jitterMin = Integer.getInteger("bench.jitterMinMs", 20);
        System.out.printf("%6s %8s %10s %9s %9s %9s %9s %12s %10s%n", "legs", "frames", "late%", "lost%",
                "p50 ms", "p99 ms", "max ms", "cpu us/leg-frame", "gen sends");
        for (String arg : args) {
            run(Integer.parseInt(arg), seconds, threads, jitterMin);
        }
    }

    private static void run(int legsWanted, int seconds, int threads, int jitterMin) throws Exception {
        int calls = legsWanted / 4;
        int legs = calls * 4;
        MediaEngineConfig config = MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(20_000, 30_000).withTickerThreads(threads).withJitter(jitterMin, 200);
        short[] prompt = WavReader.read(PROMPT).samples();
        byte[] promptPcmu = new byte[prompt.length - prompt.length % 160];
        new PcmuCodec().encode(prompt, 0, promptPcmu.length, promptPcmu, 0);

        try (MediaEngine engine = new MediaEngine(config, MediaClock.system());
             Generator generator = new Generator(legs, promptPcmu)) {
            List<MediaLeg> all = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                CallMedia call = engine.createCall("call-" + c);
                for (int p = 0; p < 4; p++) {
                    int index = c * 4 + p;
                    MediaLeg leg = engine.openLeg("leg-" + index);
                    leg.configure(new PcmuCodec(), new PcmuCodec(), 101, generator.address(index));
                    call.addParticipant("p" + p, leg);
                    generator.target(index, new InetSocketAddress("127.0.0.1", leg.localPort()));
                    all.add(leg);
                }
            }
            Thread genThread = new Thread(generator, "rtp-generator");
            genThread.setDaemon(true);
            genThread.start();
            LockSupport.parkNanos(3_000_000_000L); // warm-up: JIT, buffers settle

            EngineStats before = engine.stats();
            long cpuBefore = mediaThreadsCpu();
            long lostBefore = lost(all);
            long sendsBefore = generator.sends;
            long latencyBase = before.latencySamples();
            LockSupport.parkNanos(seconds * 1_000_000_000L);
            EngineStats after = engine.stats();
            long cpu = mediaThreadsCpu() - cpuBefore;
            long lostFrames = lost(all) - lostBefore;
            long sends = generator.sends - sendsBefore;
            generator.stop();
            genThread.join(2000);

            long ticks = after.ticks() - before.ticks();
            long skipped = after.skippedTicks() - before.skippedTicks();
            long lateTicks = after.lateTicks() - before.lateTicks() + skipped;
            long scheduled = ticks + skipped;
            long legFrames = ticks / threads * legs;
            System.out.printf("%6d %8d %10.3f %9.3f %9.1f %9.1f %9.1f %12.2f %10d%n", legs, legFrames,
                    100.0 * lateTicks / Math.max(1, scheduled), 100.0 * lostFrames / Math.max(1, legFrames),
                    after.latencyP50Ms(), after.latencyP99Ms(), after.latencyMaxMs(),
                    cpu / 1000.0 / Math.max(1, legFrames), sends);
            if (after.latencySamples() == latencyBase) {
                System.out.println("  (no audio reached a listener: check the generator)");
            }
        }
    }

    private static long lost(List<MediaLeg> legs) {
        long total = 0;
        for (MediaLeg leg : legs) {
            LegStats s = leg.stats();
            total += s.lostFrames() + s.late();
        }
        return total;
    }

    private static long mediaThreadsCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("media-")) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** The phones: one socket per leg, a packet per leg every 20 ms, replies drained. */
    private static final class Generator implements Runnable, AutoCloseable {
        private final DatagramChannel[] sockets;
        private final InetSocketAddress[] targets;
        private final RtpWriter[] writers;
        private final byte[] prompt;
        private final Selector selector;
        private volatile boolean running = true;
        volatile long sends;

        Generator(int legs, byte[] prompt) throws IOException {
            this.sockets = new DatagramChannel[legs];
            this.targets = new InetSocketAddress[legs];
            this.writers = new RtpWriter[legs];
            this.prompt = prompt;
            this.selector = Selector.open();
            for (int i = 0; i < legs; i++) {
                sockets[i] = DatagramChannel.open(StandardProtocolFamily.INET);
                sockets[i].bind(new InetSocketAddress("127.0.0.1", 0));
                sockets[i].configureBlocking(false);
                sockets[i].register(selector, SelectionKey.OP_READ);
                writers[i] = new RtpWriter(1000 + i, i);
            }
        }

        InetSocketAddress address(int index) throws IOException {
            return (InetSocketAddress) sockets[index].getLocalAddress();
        }

        void target(int index, InetSocketAddress target) {
            targets[index] = target;
        }

        @Override
        public void run() {
            byte[] packet = new byte[172];
            ByteBuffer out = ByteBuffer.wrap(packet);
            ByteBuffer in = ByteBuffer.allocate(2048);
            long start = System.nanoTime();
            long frames = 0;
            while (running) {
                int offset = (int) (frames * 160 % prompt.length);
                for (int i = 0; i < sockets.length; i++) {
                    // speakers take turns: participant k of each call talks in its quarter of the prompt loop
                    System.arraycopy(prompt, offset, packet, 12, 160);
                    writers[i].writeHeader(packet, 0, frames == 0, frames * 160, 160);
                    out.clear();
                    try {
                        sockets[i].send(out, targets[i]);
                        sends++;
                    } catch (IOException e) {
                        // counted as not sent
                    }
                }
                frames++;
                long next = start + frames * 20_000_000L;
                while (System.nanoTime() < next) {
                    try {
                        long waitMs = (next - System.nanoTime()) / 1_000_000L;
                        if (waitMs >= 1) {
                            selector.select(waitMs);
                        } else {
                            selector.selectNow();
                        }
                        for (SelectionKey key : selector.selectedKeys()) {
                            DatagramChannel ch = (DatagramChannel) key.channel();
                            while (true) {
                                in.clear();
                                if (ch.receive(in) == null) {
                                    break;
                                }
                            }
                        }
                        selector.selectedKeys().clear();
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        }

        void stop() {
            running = false;
        }

        @Override
        public void close() throws IOException {
            running = false;
            for (DatagramChannel s : sockets) {
                s.close();
            }
            selector.close();
        }
    }
}
