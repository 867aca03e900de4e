package org.babelbridge.media.clock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A small fixed set of {@link Ticker} threads shared by every leg and call (never a thread per
 * call). Work is spread round-robin; each unit of work then stays on its ticker for life.
 */
public final class TickerPool implements AutoCloseable {
    private final List<Ticker> tickers;
    private int next;

    public TickerPool(String name, MediaClock clock, int threads, long periodNs, long lateThresholdNs,
                      IntFunction<IdleWaiter> waiters) {
        this(name, clock, threads, periodNs, lateThresholdNs, waiters, 0);
    }

    /** As above; {@code realtimePriority} 1-99 puts the threads under real-time scheduling where permitted. */
    public TickerPool(String name, MediaClock clock, int threads, long periodNs, long lateThresholdNs,
                      IntFunction<IdleWaiter> waiters, int realtimePriority) {
        if (threads < 1) {
            throw new IllegalArgumentException("tickerThreads must be >= 1: " + threads);
        }
        List<Ticker> list = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            list.add(new Ticker(name + "-" + i, clock, periodNs, lateThresholdNs, waiters.apply(i), realtimePriority));
        }
        this.tickers = List.copyOf(list);
        tickers.forEach(Ticker::start);
    }

    /** The ticker to place the next unit of work on. */
    public synchronized Ticker next() {
        Ticker t = tickers.get(next);
        next = (next + 1) % tickers.size();
        return t;
    }

    public List<Ticker> tickers() {
        return tickers;
    }

    public long lateTicks() {
        return tickers.stream().mapToLong(Ticker::lateTicks).sum();
    }

    public long ticks() {
        return tickers.stream().mapToLong(Ticker::ticks).sum();
    }

    @Override
    public void close() {
        tickers.forEach(Ticker::close);
    }
}
