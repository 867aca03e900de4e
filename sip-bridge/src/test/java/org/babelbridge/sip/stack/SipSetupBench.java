package org.babelbridge.sip.stack;

import java.time.Clock;
import java.util.Map;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;

/**
 * Bench command (not a test): SIPp places {@code calls} digest-authenticated calls at {@code rate}
 * calls per second through the SIP front to a SIPp callee; each is answered, then hung up by the
 * caller. Call rules and media are the in-memory test ones, so this measures signalling alone.
 * Usage: {@code SipSetupBench <rate> <calls> [warm-up calls]}; prints successful and failed calls and the
 * bridge's CPU time per call. Warm-up calls run first at up to 100 per second and are not counted.
 */
public final class SipSetupBench {

    private SipSetupBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        int warmupCalls = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        TestDirectory directory = new TestDirectory() {
            @Override
            public org.babelbridge.sip.CallCheck check(long caller, long callee) {
                return org.babelbridge.sip.CallCheck.ALLOWED;
            }
        };
        LoopbackMedia media = new LoopbackMedia();
        int port = Sipp.freePort();
        try (SipFront front = SipFront.start(SipSettings.defaults().withPort(port).withAuthFailuresPerMinute(1_000_000),
                directory, directory, directory, media, Clock.systemUTC())) {
            int calleePort = Sipp.freePort();
            try (Sipp register = Sipp.start("register", Map.of("user", "bob", "password", TestDirectory.SECRET,
                    "contactPort", String.valueOf(calleePort), "expires", "3600", "expected", "200"), Sipp.freePort(), port)) {
                if (register.await() != 0) {
                    throw new IllegalStateException("registration failed: " + register.errors());
                }
            }
            if (warmupCalls > 0) {
                // The JIT compiles the hot paths during the first thousands of calls; measure after.
                System.out.println("warm-up:");
                run(port, calleePort, Math.min(rate, 100), warmupCalls);
            }
            System.out.println("measured:");
            run(port, calleePort, rate, calls);
        }
        System.exit(0);
    }

    private static void run(int port, int calleePort, int rate, int calls) throws Exception {
        String timeout = (calls / Math.max(1, rate) + 60) + "s";
        String buffers = String.valueOf(StackProperties.UDP_BUFFER_BYTES);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (Sipp callee = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                calleePort, port, calls, timeout, "-buff_size", buffers);
             Sipp caller = Sipp.start("uac", Map.of("user", "alice", "callee", "bob", "password", TestDirectory.SECRET,
                     "body", SipEndpointTest.CALLER_HANGS_UP.replace("<pause milliseconds=\"500\"/>", "")),
                     Sipp.freePort(), port, calls, timeout, "-r", String.valueOf(rate), "-l", "2000",
                     "-mp", String.valueOf(Sipp.freePort()), "-buff_size", buffers)) {
            long start = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            int callerResult = caller.await(calls / Math.max(1, rate) + 120);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMsPerCall = (os.getProcessCpuTime() - cpuStart) / 1e6 / calls;
            int calleeResult = callee.await(30);
            String out = caller.output();
            System.out.printf("rate=%d calls=%d elapsed=%.1fs caller_exit=%d callee_exit=%d bridge_cpu=%.2fms/call%n",
                    rate, calls, seconds, callerResult, calleeResult, cpuMsPerCall);
            System.out.println(summary(out));
            String errors = caller.errors() + callee.errors();
            System.out.println(errors.lines().filter(l -> l.contains("Aborting") || l.contains("unexpected")
                    || l.contains("timed out") || l.contains("failed")).limit(6).reduce("", (a, b) -> a + b + "\n"));
        }
    }

    private static String summary(String sippOutput) {
        StringBuilder lines = new StringBuilder();
        for (String line : sippOutput.split("\n")) {
            if (line.contains("Successful call") || line.contains("Failed call") || line.contains("Call Rate")
                    || line.contains("Response Time")) {
                lines.append(line.trim()).append('\n');
            }
        }
        return lines.toString();
    }
}
