package org.babelbridge.media.clock;

/**
 * How a {@link Ticker} spends the time between ticks: sleeping, or serving I/O (the media legs
 * wait in a selector so packets are handled the moment they arrive). Called on the ticker thread.
 */
public interface IdleWaiter {

    /** Waits (doing useful work meanwhile) until about {@code deadlineNs} or until woken. */
    void awaitUntil(long deadlineNs, MediaClock clock);

    /** Makes a current or the next {@link #awaitUntil} return early. Any thread. */
    void wakeUp();

    /** Parks the thread; for tickers that do no I/O. */
    static IdleWaiter sleeping() {
        return new IdleWaiter() {
            private volatile Thread waiter;

            @Override
            public void awaitUntil(long deadlineNs, MediaClock clock) {
                waiter = Thread.currentThread();
                long remaining = deadlineNs - clock.nanoTime();
                if (remaining > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(remaining);
                }
            }

            @Override
            public void wakeUp() {
                Thread t = waiter;
                if (t != null) {
                    java.util.concurrent.locks.LockSupport.unpark(t);
                }
            }
        };
    }
}
