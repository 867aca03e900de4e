package org.babelbridge.media.clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; for tests of anything that takes a {@link MediaClock}. */
public final class ManualMediaClock implements MediaClock {
    private final AtomicLong nanos;

    public ManualMediaClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    public ManualMediaClock() {
        this(1_000_000_000L);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    public void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    public void advanceNanos(long delta) {
        nanos.addAndGet(delta);
    }
}
