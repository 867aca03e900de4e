package org.babelbridge.media.conference;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.PcmuCodec;

/**
 * Capacity bench: N legs of real PCMU RTP over loopback in 4-party passthrough calls, each leg both
 * directions. The phones are another process ({@link RtpLoadGenerator}: a few sockets, one sending
 * thread) that plays a recorded prompt into every leg every 20 ms and drains what the engine sends
 * back. For each N it reports the share of ticks that started more than 5 ms late or were skipped,
 * frames lost or late in the jitter buffers, the added latency (packet received to the same audio
 * sent; the histogram tops out at 500 ms), the media threads' CPU time (user + system) per leg per
 * frame, and the generator process's CPU use.
 *
 * <p>Run: {@code mvn -q -o -pl media test-compile && java -cp media/target/classes:media/target/test-classes
 * org.babelbridge.media.conference.CapacityBench 200 400 800 1000} (the engine and the generator need
 * nothing else on the class path).
 * Optional system properties: {@code -Dbench.seconds=10 -Dbench.warmupSeconds=5 -Dbench.threads=2
 * -Dbench.jitterMinMs=20 -Dbench.generatorSockets=4}. Latency and late figures cover the measured
 * seconds only, not the warm-up.
 */
public final class CapacityBench {
    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/hello-world.wav");

    private CapacityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int threads = Integer.getInteger("bench.threads", 2);
        int jitterMin = Integer.getInteger("bench.jitterMinMs", 20);
        int sockets = Integer.getInteger("bench.generatorSockets", 4);
        System.out.printf("%6s %8s %8s %8s %8s %8s %8s %10s %10s %9s  %s%n", "legs", "frames", "late%", "lost%",
                "p50 ms", "p99 ms", "max ms", "cpu us/lf", "user us/lf", "gen cpu%", "generator");
        for (String arg : args) {
            run(Integer.parseInt(arg), seconds, threads, jitterMin, sockets);
        }
    }

    private static void run(int legsWanted, int seconds, int threads, int jitterMin, int sockets) throws Exception {
        int calls = legsWanted / 4;
        int legs = calls * 4;
        MediaEngineConfig config = MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(20_000, 30_000).withTickerThreads(threads).withJitter(jitterMin, 200);
        Process generator = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), RtpLoadGenerator.class.getName(), PROMPT.toString(),
                String.valueOf(sockets)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (MediaEngine engine = new MediaEngine(config, MediaClock.system());
             PrintWriter control = new PrintWriter(new OutputStreamWriter(generator.getOutputStream(),
                     StandardCharsets.UTF_8), true);
             BufferedReader report = new BufferedReader(new InputStreamReader(generator.getInputStream(),
                     StandardCharsets.UTF_8))) {
            List<MediaLeg> all = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                CallMedia call = engine.createCall("call-" + c);
                for (int p = 0; p < 4; p++) {
                    MediaLeg leg = engine.openLeg("leg-" + (c * 4 + p));
                    // No SDP address: media goes back to wherever the phone's packets come from.
                    leg.configure(new PcmuCodec(), new PcmuCodec(), 101, null);
                    call.addParticipant("p" + p, leg);
                    control.println(leg.localPort());
                    all.add(leg);
                }
            }
            control.println("go");
            // Warm-up: JIT, latching, jitter buffers settling after the start-up stalls.
            LockSupport.parkNanos(Integer.getInteger("bench.warmupSeconds", 5) * 1_000_000_000L);

            EngineStats before = engine.stats();
            long cpuBefore = mediaThreadsCpu();
            long userBefore = mediaThreadsTime(true);
            long generatorCpuBefore = cpuNanos(generator);
            long lostBefore = lost(all);
            long[] latencyBefore = engine.latencyCounts();
            long wallBefore = System.nanoTime();
            LockSupport.parkNanos(seconds * 1_000_000_000L);
            EngineStats after = engine.stats();
            long[] latency = engine.latencyCounts();
            for (int i = 0; i < latency.length; i++) {
                latency[i] -= latencyBefore[i]; // the measured window only, not the warm-up
            }
            long cpu = mediaThreadsCpu() - cpuBefore;
            long user = mediaThreadsTime(true) - userBefore;
            long generatorCpu = cpuNanos(generator) - generatorCpuBefore;
            long wall = System.nanoTime() - wallBefore;
            long lostFrames = lost(all) - lostBefore;
            control.println("stop");
            String generatorReport = report.readLine();
            generator.waitFor(5, TimeUnit.SECONDS);

            long ticks = after.ticks() - before.ticks();
            long skipped = after.skippedTicks() - before.skippedTicks();
            long lateTicks = after.lateTicks() - before.lateTicks() + skipped;
            long scheduled = ticks + skipped;
            long legFrames = ticks / threads * legs;
            System.out.printf("%6d %8d %8.3f %8.3f %8.1f %8.1f %8.1f %10.2f %10.2f %9.1f  %s%n", legs, legFrames,
                    100.0 * lateTicks / Math.max(1, scheduled), 100.0 * lostFrames / Math.max(1, legFrames),
                    LatencyHistogram.percentileMs(latency, 0.50), LatencyHistogram.percentileMs(latency, 0.99),
                    LatencyHistogram.percentileMs(latency, 1.0),
                    cpu / 1000.0 / Math.max(1, legFrames), user / 1000.0 / Math.max(1, legFrames),
                    100.0 * generatorCpu / wall, generatorReport);
            if (LatencyHistogram.count(latency) == 0) {
                System.out.println("  (no audio reached a listener: check the generator)");
            }
        } finally {
            generator.destroy();
            if (!generator.waitFor(5, TimeUnit.SECONDS)) {
                generator.destroyForcibly();
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
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
        return mediaThreadsTime(false);
    }

    private static long mediaThreadsTime(boolean userOnly) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("media-")) {
                long id = info.getThreadId();
                total += Math.max(0, userOnly ? mx.getThreadUserTime(id) : mx.getThreadCpuTime(id));
            }
        }
        return total;
    }
}
