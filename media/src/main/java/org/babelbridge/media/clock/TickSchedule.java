package org.babelbridge.media.clock;

/**
 * A drift-free periodic schedule: tick {@code k} is due at {@code start + k * period}, whatever
 * time earlier ticks took, so errors never accumulate. A tick that starts more than
 * {@code lateThresholdNs} after its deadline is counted late; when the thread fell behind by
 * more than {@code maxCatchUpTicks} periods the missed ticks are skipped (counted) rather than
 * run back to back. Pure arithmetic on a {@link MediaClock} reading; confined to one thread.
 */
public final class TickSchedule {
    private final long periodNs;
    private final long lateThresholdNs;
    private final int maxCatchUpTicks;
    private long nextDeadlineNs;
    private long ticks;
    private long lateTicks;
    private long skippedTicks;
    private long maxLatenessNs;

    public TickSchedule(long startNs, long periodNs, long lateThresholdNs, int maxCatchUpTicks) {
        if (periodNs <= 0 || lateThresholdNs < 0 || maxCatchUpTicks < 1) {
            throw new IllegalArgumentException("period must be > 0, late threshold >= 0, catch-up >= 1");
        }
        this.nextDeadlineNs = startNs;
        this.periodNs = periodNs;
        this.lateThresholdNs = lateThresholdNs;
        this.maxCatchUpTicks = maxCatchUpTicks;
    }

    public long nextDeadlineNs() {
        return nextDeadlineNs;
    }

    /**
     * Claims the next tick if it is due at {@code nowNs}.
     *
     * @return the deadline of the tick to run now, or -1 when none is due yet
     */
    public long claim(long nowNs) {
        long lateness = nowNs - nextDeadlineNs;
        if (lateness < 0) {
            return -1;
        }
        if (lateness >= maxCatchUpTicks * periodNs) {
            long behind = lateness / periodNs;
            skippedTicks += behind;
            nextDeadlineNs += behind * periodNs;
            lateness -= behind * periodNs;
        }
        long deadline = nextDeadlineNs;
        nextDeadlineNs += periodNs;
        ticks++;
        if (lateness > lateThresholdNs) {
            lateTicks++;
        }
        maxLatenessNs = Math.max(maxLatenessNs, lateness);
        return deadline;
    }

    public long periodNs() {
        return periodNs;
    }

    public long ticks() {
        return ticks;
    }

    public long lateTicks() {
        return lateTicks;
    }

    public long skippedTicks() {
        return skippedTicks;
    }

    public long maxLatenessNs() {
        return maxLatenessNs;
    }
}
