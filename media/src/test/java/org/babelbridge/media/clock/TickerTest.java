package org.babelbridge.media.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickerTest {
    private static final long PERIOD = 20_000_000L;

    @Test
    void ticksOnDeadlinesThatStayOnTheTwentyMillisecondGrid() throws Exception {
        List<Long> deadlines = new CopyOnWriteArrayList<>();
        CountDownLatch ten = new CountDownLatch(10);
        try (Ticker ticker = new Ticker("test-ticker", MediaClock.system(), PERIOD, 5_000_000L,
                IdleWaiter.sleeping())) {
            ticker.add(deadline -> {
                deadlines.add(deadline);
                ten.countDown();
            });
            ticker.start();
            assertThat(ten.await(5, TimeUnit.SECONDS)).isTrue();
        }

        // A loaded machine may make the ticker skip ticks, but never drift off the grid.
        for (int i = 1; i < 10; i++) {
            long step = deadlines.get(i) - deadlines.get(i - 1);
            assertThat(step).isPositive();
            assertThat(step % PERIOD).isZero();
        }
    }

    @Test
    void aFailingTaskIsCountedAndDoesNotStopTheOthers() throws Exception {
        CountDownLatch healthy = new CountDownLatch(3);
        try (Ticker ticker = new Ticker("test-ticker", MediaClock.system(), PERIOD, 5_000_000L,
                IdleWaiter.sleeping())) {
            ticker.add(deadline -> {
                throw new IllegalStateException("broken stage");
            });
            ticker.add(deadline -> healthy.countDown());
            ticker.start();
            assertThat(healthy.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ticker.failures()).isPositive();
        }
    }

    @Test
    void runsCommandsOnTheTickerThread() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        boolean[] onThread = new boolean[1];
        try (TickerPool pool = new TickerPool("pool", MediaClock.system(), 2, PERIOD, 5_000_000L,
                i -> IdleWaiter.sleeping())) {
            Ticker ticker = pool.next();
            ticker.execute(() -> {
                onThread[0] = ticker.isTickerThread();
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.next()).isNotSameAs(ticker);
        }
        assertThat(onThread[0]).isTrue();
    }

    /** The kernel's own account of the thread (/proc/thread-self/sched) shows SCHED_RR (policy 2) where permitted. */
    @Test
    void aRealtimeTickerRunsUnderTheRoundRobinSchedulerWherePermittedAndTicksEitherWay() throws Exception {
        CountDownLatch ticked = new CountDownLatch(3);
        String[] policy = new String[1];
        try (Ticker ticker = new Ticker("rt-ticker", MediaClock.system(), PERIOD, 5_000_000L, IdleWaiter.sleeping(), 10)) {
            ticker.add(deadline -> ticked.countDown());
            ticker.start();
            CountDownLatch read = new CountDownLatch(1);
            ticker.execute(() -> {
                try {
                    policy[0] = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/sched")).stream()
                            .filter(line -> line.startsWith("policy")).findFirst().orElse("");
                } catch (java.io.IOException e) {
                    policy[0] = e.toString();
                }
                read.countDown();
            });
            assertThat(read.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ticked.await(5, TimeUnit.SECONDS)).isTrue();
            if ("root".equals(System.getProperty("user.name"))) {
                assertThat(ticker.realtime()).isTrue();
                assertThat(policy[0]).matches("policy\\s*:\\s*2");
            } else {
                assertThat(ticker.realtime()).isEqualTo(policy[0].matches("policy\\s*:\\s*2"));
            }
        }
    }
}
