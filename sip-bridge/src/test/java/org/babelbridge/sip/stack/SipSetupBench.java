package org.babelbridge.sip.stack;

import java.time.Clock;
import java.util.Map;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;

/**
 * Bench command (not a test): SIPp places {@code calls} digest-authenticated calls at {@code rate}
 * calls per second through the SIP front to a SIPp callee; each is answered, then hung up by the
 * caller. Call rules and media are the in-memory test ones, so this measures signalling alone.
 * Usage: {@code SipSetupBench <rate> <calls>}; prints successful and failed calls.
 */
public final class SipSetupBench {

    private SipSetupBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
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
            String timeout = (calls / Math.max(1, rate) + 60) + "s";
            try (Sipp callee = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                    calleePort, port, calls, timeout);
                 Sipp caller = Sipp.start("uac", Map.of("user", "alice", "callee", "bob", "password", TestDirectory.SECRET,
                         "body", SipEndpointTest.CALLER_HANGS_UP.replace("<pause milliseconds=\"500\"/>", "")),
                         Sipp.freePort(), port, calls, timeout, "-r", String.valueOf(rate), "-l", "2000",
                         "-mp", String.valueOf(Sipp.freePort()))) {
                long start = System.nanoTime();
                int callerResult = caller.await(calls / Math.max(1, rate) + 120);
                double seconds = (System.nanoTime() - start) / 1e9;
                int calleeResult = callee.await(30);
                String out = caller.output();
                System.out.printf("rate=%d calls=%d elapsed=%.1fs caller_exit=%d callee_exit=%d%n", rate, calls, seconds,
                        callerResult, calleeResult);
                System.out.println(summary(out));
                String errors = caller.errors() + callee.errors();
                System.out.println(errors.lines().filter(l -> l.contains("Aborting") || l.contains("unexpected")
                        || l.contains("timed out") || l.contains("failed")).limit(6).reduce("", (a, b) -> a + b + "\n"));
            }
        }
        System.exit(0);
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
