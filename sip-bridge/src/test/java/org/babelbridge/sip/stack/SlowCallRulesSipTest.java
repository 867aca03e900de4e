package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.CallWorkSettings;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call rules stalled the way a slow or locked database stalls them (each rule call waits on a latch), with
 * real SIPp phones: the stack's dispatch threads keep answering OPTIONS, REGISTER and 100 Trying meanwhile, a
 * CANCEL or BYE that arrives during the rule work is applied after it (never overtaking it), the stalled calls
 * go on when the rules return, and a full work queue answers new calls 503 with Retry-After.
 */
class SlowCallRulesSipTest {

    private final StalledDirectory directory = new StalledDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private SipFront front;
    private int port;

    private void start(CallWorkSettings callWork) throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(10_000),
                SipFrontOptions.standalone().withCallWork(callWork), directory, directory, directory, media,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        directory.release();
        if (front != null) {
            front.close();
        }
    }

    @Test
    void dispatchThreadsKeepServingWhileEveryCallRuleWorkerWaitsOnTheDatabase() throws Exception {
        start(new CallWorkSettings(2, 1000, 5));
        int calleePort = Sipp.freePort();
        register("bob", calleePort);
        directory.stallChecks = true;
        // More stalled calls than the stack has dispatch threads: were the rules run on those, nothing would be parsed.
        int strangerCalls = 3 * StackProperties.dispatchThreads();
        try (Sipp callee = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                calleePort, port, "-mp", String.valueOf(Sipp.freePort()));
             Sipp strangers = Sipp.start("uac", Map.of("user", "alice", "callee", "carol", "password",
                     TestDirectory.SECRET, "body", "<recv response=\"403\"/>" + SipEndpointTest.nonSuccessAck()),
                     Sipp.freePort(), port, strangerCalls, "60s", "-r", "200", "-l", String.valueOf(strangerCalls),
                     "-mp", String.valueOf(Sipp.freePort()))) {
            long trying = front.counters().responseCount(100);
            try (Sipp caller = Sipp.start("uac", Map.of("user", "alice", "callee", "bob", "password",
                    TestDirectory.SECRET, "body", SipEndpointTest.CALLER_HANGS_UP), Sipp.freePort(), port,
                    "-mp", String.valueOf(Sipp.freePort()))) {
                await(() -> directory.checksEntered.get() >= 2, "both workers are stalled in the call rules");
                await(() -> front.counters().responseCount(100) >= trying + strangerCalls,
                        "every INVITE is told 100 Trying at once");

                long probeStarted = System.nanoTime();
                try (Sipp probe = Sipp.start("options", Map.of("withinMs", "1000"), Sipp.freePort(), port)) {
                    assertThat(probe.await(10)).as("OPTIONS: " + probe.errors() + probe.output()).isZero();
                }
                register("carol", Sipp.freePort());
                assertThat(Duration.ofNanos(System.nanoTime() - probeStarted)).isLessThan(Duration.ofSeconds(5));
                assertThat(directory.events()).noneMatch(e -> e.startsWith("start"));

                directory.release();
                assertThat(caller.await()).as("caller: " + caller.errors() + caller.output()).isZero();
                assertThat(callee.await()).as("callee: " + callee.errors() + callee.output()).isZero();
                assertThat(strangers.await(60)).as("strangers: " + strangers.errors()).isZero();
            }
        }
        awaitEvent("leave 100 1");
        assertThat(directory.events()).containsSubsequence("start 100 1->2", "leave 100 1");
        assertThat(front.counters().droppedCount(SipCounters.DropReason.CALL_WORK_QUEUE_FULL)).isZero();
        assertThat(front.activeCalls()).isZero();
    }

    @Test
    void cancelDuringSlowRuleChecksIsAnsweredAtOnceAndEndsTheCallAfterThem() throws Exception {
        start(CallWorkSettings.defaults());
        int calleePort = Sipp.freePort();
        register("bob", calleePort);
        directory.stallChecks = true;
        String cancelWhileChecked = SipEndpointTest.callerCancelsAfter("<pause milliseconds=\"300\"/>");
        try (Sipp callee = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_CANCELLED, "inviteActions", ""),
                calleePort, port, "-mp", String.valueOf(Sipp.freePort()))) {
            long answered = front.counters().responseCount(200);
            try (Sipp caller = Sipp.start("uac-trying", Map.of("user", "alice", "callee", "bob", "password",
                    TestDirectory.SECRET, "body", cancelWhileChecked), Sipp.freePort(), port,
                    "-mp", String.valueOf(Sipp.freePort()))) {
                await(() -> directory.checksEntered.get() >= 1, "the call rules are checked");
                await(() -> front.counters().responseCount(200) > answered, "the CANCEL is answered 200");
                assertThat(directory.events()).doesNotContain("missed 1->2");

                directory.release();
                assertThat(caller.await()).as("caller: " + caller.errors() + caller.output()).isZero();
                assertThat(callee.await()).as("callee: " + callee.errors() + callee.output()).isZero();
            }
        }
        awaitEvent("missed 1->2");
        assertThat(directory.events()).containsExactly("online 2", "missed 1->2");
        assertThat(front.counters().responseCount(481)).isZero();
        assertThat(front.activeCalls()).isZero();
        assertThat(media.open).isEmpty();
    }

    @Test
    void byeDuringSlowCallStartIsAppliedAfterTheStart() throws Exception {
        start(CallWorkSettings.defaults());
        int calleePort = Sipp.freePort();
        register("bob", calleePort);
        directory.stallStarts = true;
        String actions = "<action><ereg regexp=\"tag=([0-9a-zA-Z.-]*)\" search_in=\"hdr\" header=\"From:\""
                + " assign_to=\"all,fromtag\"/></action>";
        try (Sipp callee = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_HANGS_UP, "inviteActions", actions),
                calleePort, port, "-mp", String.valueOf(Sipp.freePort()))) {
            long answered = front.counters().responseCount(200);
            try (Sipp caller = Sipp.start("uac", Map.of("user", "alice", "callee", "bob", "password",
                    TestDirectory.SECRET, "body", SipEndpointTest.CALLER_IS_HUNG_UP), Sipp.freePort(), port,
                    "-mp", String.valueOf(Sipp.freePort()))) {
                await(() -> directory.startsEntered.get() >= 1, "the answered call is being recorded");
                await(() -> front.counters().responseCount(200) > answered, "the callee's BYE is answered 200");
                assertThat(directory.events()).containsExactly("online 2");

                directory.release();
                assertThat(caller.await()).as("caller: " + caller.errors() + caller.output()).isZero();
                assertThat(callee.await()).as("callee: " + callee.errors() + callee.output()).isZero();
            }
        }
        awaitEvent("leave 100 2");
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "leave 100 2");
        assertThat(media.events).containsSubsequence("start 100", "join alice", "join bob", "leave 2", "close 100");
        assertThat(front.carries(100)).isFalse();
        assertThat(media.open).isEmpty();
    }

    @Test
    void aFullWorkQueueAnswersNewCalls503WithRetryAfterAndCountsThem() throws Exception {
        start(new CallWorkSettings(1, 2, 7));
        directory.stallChecks = true;
        try (Sipp stalled = Sipp.start("uac", Map.of("user", "alice", "callee", "carol", "password",
                TestDirectory.SECRET, "body", "<recv response=\"403\"/>" + SipEndpointTest.nonSuccessAck()),
                Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
            await(() -> directory.checksEntered.get() >= 1, "the only worker is stalled in the call rules");
            try (Sipp newCalls = Sipp.start("invite-unauthenticated", Map.of("user", "alice", "callee", "bob",
                    "retryAfter", "7"), Sipp.freePort(), port, 6, "30s", "-r", "100", "-l", "6",
                    "-mp", String.valueOf(Sipp.freePort()))) {
                // Two fit in the queue and wait for their challenge; the other four are refused at once.
                await(() -> front.counters().responseCount(503) >= 4, "the calls beyond the queue are refused");
                directory.release();
                assertThat(newCalls.await()).as("new calls: " + newCalls.errors() + newCalls.output()).isZero();
            }
            assertThat(stalled.await()).as("stalled call: " + stalled.errors() + stalled.output()).isZero();
        }
        assertThat(front.counters().droppedCount(SipCounters.DropReason.CALL_WORK_QUEUE_FULL)).isEqualTo(4)
                .isEqualTo(front.counters().responseCount(503));
        assertThat(front.counters().responseCount(401)).isEqualTo(1 + 2);
    }

    private void register(String user, int contactPort) throws Exception {
        try (Sipp sipp = Sipp.start("register", Map.of("user", user, "password", TestDirectory.SECRET,
                "contactPort", String.valueOf(contactPort), "expires", "600", "expected", "200"), Sipp.freePort(), port)) {
            assertThat(sipp.await()).as("REGISTER " + user + ": " + sipp.errors()).isZero();
        }
    }

    private void awaitEvent(String event) throws InterruptedException {
        await(() -> directory.events().contains(event), event);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The test directory whose rule checks and call records wait, while stalled, as a blocked database would. */
    private static final class StalledDirectory extends TestDirectory {
        private final CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger checksEntered = new AtomicInteger();
        final AtomicInteger startsEntered = new AtomicInteger();
        volatile boolean stallChecks;
        volatile boolean stallStarts;

        void release() {
            released.countDown();
        }

        @Override
        public CallCheck check(long callerUserId, long calleeUserId) {
            if (stallChecks) {
                checksEntered.incrementAndGet();
                awaitRelease();
            }
            return super.check(callerUserId, calleeUserId);
        }

        @Override
        public long start(long callerUserId, long calleeUserId) throws CallRejectedException {
            if (stallStarts) {
                startsEntered.incrementAndGet();
                awaitRelease();
            }
            return super.start(callerUserId, calleeUserId);
        }

        private void awaitRelease() {
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the call rules");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
