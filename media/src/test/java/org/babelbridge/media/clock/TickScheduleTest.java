package org.babelbridge.media.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickScheduleTest {
    private static final long MS = 1_000_000L;
    private final ManualMediaClock clock = new ManualMediaClock(0);

    @Test
    void deadlinesStayOnTheGridWhateverTheWakeUpTime() {
        TickSchedule schedule = new TickSchedule(20 * MS, 20 * MS, 5 * MS, 5);
        assertThat(schedule.claim(clock.nanoTime())).isEqualTo(-1);

        clock.advanceNanos(20 * MS + 3 * MS);
        assertThat(schedule.claim(clock.nanoTime())).isEqualTo(20 * MS);
        assertThat(schedule.claim(clock.nanoTime())).isEqualTo(-1);
        clock.advanceNanos(18 * MS);
        assertThat(schedule.claim(clock.nanoTime())).isEqualTo(40 * MS);
        assertThat(schedule.nextDeadlineNs()).isEqualTo(60 * MS);
        assertThat(schedule.lateTicks()).isZero();
    }

    @Test
    void countsTicksThatStartTooLate() {
        TickSchedule schedule = new TickSchedule(0, 20 * MS, 5 * MS, 5);
        schedule.claim(4 * MS);
        schedule.claim(20 * MS + 6 * MS);

        assertThat(schedule.ticks()).isEqualTo(2);
        assertThat(schedule.lateTicks()).isEqualTo(1);
        assertThat(schedule.maxLatenessNs()).isEqualTo(6 * MS);
    }

    @Test
    void catchesUpAFewMissedTicksBackToBackButSkipsALongStall() {
        TickSchedule schedule = new TickSchedule(0, 20 * MS, 5 * MS, 5);
        long now = 61 * MS; // ticks at 0, 20, 40, 60 are due
        int ran = 0;
        while (schedule.claim(now) >= 0) {
            ran++;
        }
        assertThat(ran).isEqualTo(4);
        assertThat(schedule.skippedTicks()).isZero();

        now = 1_000 * MS; // a one-second stall
        long deadline = schedule.claim(now);
        assertThat(deadline).isEqualTo(1_000 * MS);
        assertThat(schedule.skippedTicks()).isEqualTo(46);
    }
}
