package org.babelbridge.media.clock;

/** Work driven by a {@link Ticker} once per period, on the ticker's thread. Must not block. */
@FunctionalInterface
public interface Tickable {

    /** @param deadlineNs the scheduled time of this tick (not the time it actually started) */
    void onTick(long deadlineNs);
}
