package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.babelbridge.sip.CallWorkSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-call lanes on the bounded pool: order within a call, progress across calls, admission by queue room. */
class CallWorkersTest {

    private CallWorkers workers;

    @AfterEach
    void stop() {
        workers.close(2_000);
    }

    @Test
    void runsOneCallsTasksInOrderWhileOtherCallsProceed() throws Exception {
        workers = new CallWorkers(new CallWorkSettings(4, 100, 5), "test-calls");
        CallWorkers.Lane stalledCall = workers.newLane();
        CallWorkers.Lane otherCall = workers.newLane();
        CountDownLatch released = new CountDownLatch(1);
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        stalledCall.submit(() -> {
            await(released);
            done.add("invite");
        });
        stalledCall.submit(() -> done.add("bye"));
        CountDownLatch otherDone = new CountDownLatch(1);
        otherCall.submit(() -> {
            done.add("other");
            otherDone.countDown();
        });

        assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("other");
        released.countDown();
        assertThat(stalledCall.call(() -> "after")).isEqualTo("after");
        assertThat(done).containsExactly("other", "invite", "bye");
        assertThat(Thread.currentThread().getName()).doesNotStartWith("test-calls");
    }

    @Test
    void admitsNewCallsOnlyWhileTheQueueHasRoomButAlwaysTakesTheirLaterEvents() throws Exception {
        workers = new CallWorkers(new CallWorkSettings(1, 2, 5), "test-calls");
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CallWorkers.Lane first = workers.newLane();
        assertThat(workers.reserve()).isTrue();
        first.submitReserved(() -> {
            running.countDown();
            await(released);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(workers.reserve()).isTrue();
        workers.newLane().submitReserved(() -> { });
        assertThat(workers.reserve()).isTrue();
        workers.newLane().submitReserved(() -> { });
        assertThat(workers.reserve()).as("a third waiting call").isFalse();
        first.submit(() -> { });
        assertThat(workers.waiting()).isEqualTo(3);

        released.countDown();
        assertThat(first.call(() -> workers.waiting())).isZero();
        assertThat(workers.reserve()).isTrue();
    }

    @Test
    void workHandedInFromALanesOwnTaskRunsInline() {
        workers = new CallWorkers(new CallWorkSettings(1, 10, 5), "test-calls");
        CallWorkers.Lane lane = workers.newLane();
        assertThat(lane.call(() -> lane.call(() -> Thread.currentThread().getName()))).startsWith("test-calls-");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
