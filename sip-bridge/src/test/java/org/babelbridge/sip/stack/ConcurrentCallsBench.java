package org.babelbridge.sip.stack;

import io.micronaut.context.ApplicationContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.conference.CallStats;
import org.babelbridge.media.conference.EngineStats;
import org.babelbridge.media.conference.LegStats;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.adapter.CallsServicesAdapter;
import org.babelbridge.sip.adapter.EngineMedia;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.LocalEngineBudget;
import org.babelbridge.speech.pipeline.LocalEngineBudgetStats;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;

/**
 * Bench command (not a test): {@code calls} concurrent two-party English-English calls with media for
 * {@code minutes}, through the whole front (PostgreSQL-backed accounts, contacts and call rules, the media
 * engine, the dubbing pipeline). One SIPp places the calls, each caller streaming a recorded prompt in
 * a loop (SIPp {@code rtp_stream}); another SIPp answers for every callee, registered through the bridge,
 * and echoes the RTP it receives. Every {@code sampleSeconds} it prints heap after the latest collection,
 * time spent collecting, live threads, active calls, the media engine's late ticks and jitter-buffer counters,
 * and the local speech engine budget (requests waiting, mean wait, waits cut off by the recognition deadline)
 * with the utterances recognised.
 * Usage: {@code ConcurrentCallsBench <calls> <minutes> [sampleSeconds] [speech|silence]}: with {@code silence}
 * the callers stream digital silence, which measures the media path without the speech engines at work.
 */
public final class ConcurrentCallsBench {

    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/conf-onlyperson.wav");

    private ConcurrentCallsBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            bench(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // engine and pool threads would otherwise keep the JVM alive
        }
        System.exit(0);
    }

    private static void bench(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        double minutes = Double.parseDouble(args[1]);
        int sampleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        boolean speech = args.length <= 3 || !args[3].equals("silence");
        Path work = Files.createTempDirectory("concurrent-calls");
        int rtpBase = 30_000 + ThreadLocalRandom.current().nextInt(100) * 100;
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, Object> props = new HashMap<>(db.micronautProperties());
            props.put("babel.accounts.argon2.memory-kib", "1024");
            props.put("babel.accounts.argon2.iterations", "1");
            props.put("babel.data-dir", work.resolve("data").toString());
            try (ApplicationContext context = ApplicationContext.builder().properties(props).start();
                 MediaEngine media = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                         .withPorts(rtpBase, rtpBase + 8 * calls + 100), MediaClock.system());
                 OfflineEngines engines = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work.resolve("speech")))) {
                CallsServicesAdapter rules = new CallsServicesAdapter(context.getBean(SipIdentityService.class),
                        context.getBean(AccountService.class), context.getBean(PresenceService.class),
                        context.getBean(CallService.class));
                AtomicLong utterances = new AtomicLong();
                EngineMedia engineMedia = new EngineMedia(media, engines.engines(), DubbingConfig.DEFAULTS,
                        utterance -> utterances.incrementAndGet(), context.getBean(CallService.class),
                        Clock.systemUTC());
                System.out.printf("local speech engine budget: %d of %d cores%n", engines.localEngineBudget().permits(),
                        Runtime.getRuntime().availableProcessors());
                int port = Sipp.freePort();
                SipSettings d = SipSettings.defaults();
                SipSettings settings = new SipSettings("127.0.0.1", "127.0.0.1", port,
                        context.getBean(SipIdentityService.class).realm(), d.nonceLifetimeSeconds(), d.minExpiresSeconds(),
                        d.maxExpiresSeconds(), 1_000_000, d.noAnswerTimeoutMs(), d.digestAlgorithms());
                try (SipFront front = SipFront.start(settings, rules, rules, rules, engineMedia, Clock.systemUTC())) {
                    run(context, front, media, new Speech(engines.localEngineBudget(), utterances), work, port, calls,
                            minutes, sampleSeconds, speech);
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The speech side, sampled with the media: the local engine budget and the utterances recognised. */
    private record Speech(LocalEngineBudget budget, AtomicLong utterances) {
    }

    private static void run(ApplicationContext context, SipFront front, MediaEngine media, Speech speechSide, Path work,
                            int port, int calls, double minutes, int sampleSeconds, boolean speech) throws Exception {
        long setupStart = System.nanoTime();
        StringBuilder callers = new StringBuilder("SEQUENTIAL\n");
        StringBuilder callees = new StringBuilder("SEQUENTIAL\n");
        AccountService accounts = context.getBean(AccountService.class);
        ContactService contacts = context.getBean(ContactService.class);
        SipIdentityService identities = context.getBean(SipIdentityService.class);
        for (int i = 0; i < calls; i++) {
            UserAccount caller = accounts.register(new Registration("caller" + i + "@example.com", "correct horse battery",
                    "Caller " + i, "en", null));
            UserAccount callee = accounts.register(new Registration("callee" + i + "@example.com", "correct horse battery",
                    "Callee " + i, "en", null));
            contacts.add(caller.id(), callee.email(), null, null);
            contacts.add(callee.id(), caller.email(), null, null);
            SipSecret callerSip = identities.issueSipSecret(caller.id());
            SipSecret calleeSip = identities.issueSipSecret(callee.id());
            // SIPp cannot nest [field] keywords inside [authentication]; a field may hold the whole keyword.
            callers.append(callerSip.sipUsername()).append(';').append(authentication(callerSip)).append(';')
                    .append(calleeSip.sipUsername()).append('\n');
            callees.append(calleeSip.sipUsername()).append(';').append(authentication(calleeSip)).append('\n');
        }
        Path callersCsv = Files.writeString(work.resolve("callers.csv"), callers);
        Path calleesCsv = Files.writeString(work.resolve("callees.csv"), callees);
        Path audio = work.resolve("prompt-pcmu.wav");
        List<String> soxArgs = speech
                ? List.of("sox", PROMPT.toString(), "-r", "8000", "-c", "1", "-e", "u-law", audio.toString())
                : List.of("sox", "-n", "-r", "8000", "-c", "1", "-e", "u-law", audio.toString(), "trim", "0", "10");
        Process sox = new ProcessBuilder(soxArgs).inheritIO().start();
        if (sox.waitFor() != 0) {
            throw new IllegalStateException("sox could not convert " + PROMPT);
        }
        System.out.printf("%d users with contacts and SIP secrets in %.1f s%n", 2 * calls,
                (System.nanoTime() - setupStart) / 1e9);

        int calleePort = Sipp.freePort();
        int echoPort = Sipp.freePort();
        String buffers = String.valueOf(StackProperties.UDP_BUFFER_BYTES);
        long holdMs = (long) (minutes * 60_000);
        String timeout = (holdMs / 1000 + calls / 20 + 120) + "s";
        register(port, calleesCsv, calleePort, calls);
        register(port, callersCsv, Sipp.freePort(), calls);
        System.out.printf("%d users registered; calls start at 20 per second and last %.1f min each%n", 2 * calls, minutes);
        try (Sipp callee = Sipp.start("media-answer", Map.of(), calleePort, port, calls, timeout,
                "-rtp_echo", "-mp", String.valueOf(echoPort), "-buff_size", buffers);
             Sipp caller = Sipp.start("media-call", Map.of("audio", audio.toString(), "holdMs", String.valueOf(holdMs)),
                     Sipp.freePort(), port, calls, timeout, "-inf", callersCsv.toString(), "-r", "20",
                     "-l", String.valueOf(calls), "-mp", String.valueOf(Sipp.freePort()), "-buff_size", buffers)) {
            long start = System.nanoTime();
            EngineStats previous = media.stats();
            LocalEngineBudgetStats previousBudget = speechSide.budget().stats();
            System.out.println("elapsed_s active_calls heap_after_gc_mb threads late_ticks/ticks(interval) "
                    + "tick_p99_ms jitter_late_pkts lost_frames packets_in gc_ms(interval) load1 "
                    + "engine_waiting engine_wait_mean_ms(interval) engine_waits_cut_by_deadline utterances_recognised");
            long sampleEvery = sampleSeconds * 1_000_000_000L;
            long nextSample = start + sampleEvery;
            long endBy = start + (long) ((holdMs + calls * 50L + 120_000) * 1e6);
            while (System.nanoTime() < endBy) {
                if (!caller.isAlive()) {
                    break;
                }
                long sleepMs = Math.max(0, (nextSample - System.nanoTime()) / 1_000_000);
                Thread.sleep(Math.min(sleepMs, 1000));
                if (System.nanoTime() < nextSample) {
                    continue;
                }
                nextSample += sampleEvery;
                previous = sample(front, media, previous, speechSide, previousBudget, start);
                previousBudget = speechSide.budget().stats();
            }
            int callerResult = caller.await(60);
            int calleeResult = callee.await(30);
            sample(front, media, previous, speechSide, previousBudget, start);
            System.out.printf("caller_exit=%d callee_exit=%d elapsed=%.1fs%n", callerResult, calleeResult,
                    (System.nanoTime() - start) / 1e9);
            System.out.println(summary(caller.output()));
            System.out.println(caller.errors().lines().limit(5).reduce("", (a, b) -> a + b + "\n"));
        }
    }

    /**
     * Registers every user of {@code csv} at {@code contactPort}. REGISTER is idempotent, so a pass in which
     * SIPp lost a transaction on the loaded machine is simply run again.
     */
    private static void register(int port, Path csv, int contactPort, int users) throws Exception {
        String errors = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (Sipp register = Sipp.start("register-users", Map.of("contactPort", String.valueOf(contactPort),
                    "expires", "3600"), Sipp.freePort(), port, users, "180s", "-inf", csv.toString(), "-r", "25")) {
                if (register.await(users / 25 + 120) == 0) {
                    return;
                }
                errors = register.errors();
            }
        }
        throw new IllegalStateException("registrations failed three times: " + errors.lines().limit(5).toList());
    }

    private static String authentication(SipSecret sip) {
        return "[authentication username=" + sip.sipUsername() + " password=" + sip.secret() + "]";
    }

    private static EngineStats sample(SipFront front, MediaEngine media, EngineStats previous, Speech speech,
                                      LocalEngineBudgetStats previousBudget, long start) {
        // Heap as the collector last left it: forcing a full collection here would stall the media threads
        // and show up as late ticks.
        long heapMb = heapAfterLastCollectionBytes() / (1024 * 1024);
        long gcMs = collectionMillis();
        long gcIntervalMs = gcMs - lastCollectionMillis;
        lastCollectionMillis = gcMs;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        EngineStats now = media.stats();
        long late = 0;
        long lost = 0;
        long packets = 0;
        for (CallStats call : media.callStats()) {
            for (LegStats leg : call.legs()) {
                late += leg.late();
                lost += leg.lostFrames();
                packets += leg.packetsReceived();
            }
        }
        long ticks = now.ticks() - previous.ticks();
        long lateTicks = now.lateTicks() - previous.lateTicks();
        LocalEngineBudgetStats budget = speech.budget().stats();
        long waits = budget.completedWaits() - previousBudget.completedWaits();
        double waitMeanMs = waits == 0 ? 0 : (budget.totalWaitNanos() - previousBudget.totalWaitNanos()) / 1e6 / waits;
        System.out.printf("%.0f %d %d %d %d/%d %.2f %d %d %d %d %.2f %d %.0f %d %d%n", (System.nanoTime() - start) / 1e9,
                front.activeCalls(), heapMb, threads, lateTicks, ticks, now.latencyP99Ms(), late, lost, packets,
                gcIntervalMs, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), budget.waiting(),
                waitMeanMs, budget.interruptedWaits(), speech.utterances().get());
        return now;
    }

    private static long lastCollectionMillis;

    /** Heap in use right after the most recent collection of any collector (0 before the first). */
    private static long heapAfterLastCollectionBytes() {
        long latestEnd = -1;
        long used = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof com.sun.management.GarbageCollectorMXBean gc && gc.getLastGcInfo() != null
                    && gc.getLastGcInfo().getEndTime() > latestEnd) {
                latestEnd = gc.getLastGcInfo().getEndTime();
                used = gc.getLastGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
            }
        }
        return used;
    }

    /** Time all collectors have spent collecting (pauses and, for concurrent collectors, cycles). */
    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static String summary(String sippOutput) {
        StringBuilder lines = new StringBuilder();
        for (String line : sippOutput.split("\n")) {
            if (line.contains("Successful call") || line.contains("Failed call")) {
                lines.append(line.trim()).append('\n');
            }
        }
        return lines.toString();
    }
}
