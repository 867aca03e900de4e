package org.babelbridge.media.conference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.clock.Ticker;
import org.babelbridge.media.clock.TickerPool;

/**
 * The bridge's media engine: RTP legs on a port range and calls mixed on a small fixed set of media
 * threads (never a thread per call). Each call lives on one thread for its whole life; its legs are
 * read by that thread's selector, so a call's state needs no locks. Framework-free.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class MediaEngine implements AutoCloseable {
    static final long FRAME_NS = 20_000_000L;

    private final MediaEngineConfig config;
    private final MediaClock clock;
    private final PortAllocator ports;
    private final TickerPool pool;
    private final List<Ticker> tickers;
    private final List<SelectorWaiter> waiters = new ArrayList<>();
    private final List<LatencyHistogram> latencies = new ArrayList<>();
    private final int[] callsPerTicker;
    private final Set<MediaLeg> legs = ConcurrentHashMap.newKeySet();
    private final Set<CallMedia> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public MediaEngine(MediaEngineConfig config, MediaClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ports = new PortAllocator(config.bindAddress(), config.rtpPortMin(), config.rtpPortMax());
        this.callsPerTicker = new int[config.tickerThreads()];
        for (int i = 0; i < config.tickerThreads(); i++) {
            waiters.add(new SelectorWaiter());
            latencies.add(new LatencyHistogram());
        }
        this.pool = new TickerPool("media", clock, config.tickerThreads(), FRAME_NS,
                config.tickLateThresholdMs() * 1_000_000L, waiters::get, config.realtimePriority());
        this.tickers = pool.tickers();
    }

    public MediaEngineConfig config() {
        return config;
    }

    /**
     * Binds a new leg to a free even port of the range.
     *
     * @throws IllegalStateException when the engine is closed or no port is free
     */
    public MediaLeg openLeg(String legId) {
        Objects.requireNonNull(legId, "legId");
        if (closed) {
            throw new IllegalStateException("media engine is closed");
        }
        MediaLeg leg = new MediaLeg(legId, this, ports.bind(), config);
        legs.add(leg);
        return leg;
    }

    /** Creates the media of a call on the least busy media thread. */
    public synchronized CallMedia createCall(String callId) {
        Objects.requireNonNull(callId, "callId");
        if (closed) {
            throw new IllegalStateException("media engine is closed");
        }
        int best = 0;
        for (int i = 1; i < callsPerTicker.length; i++) {
            if (callsPerTicker[i] < callsPerTicker[best]) {
                best = i;
            }
        }
        callsPerTicker[best]++;
        CallMedia call = new CallMedia(callId, this, tickers.get(best), waiters.get(best), clock,
                latencies.get(best), config);
        calls.add(call);
        return call;
    }

    synchronized void callClosed(CallMedia call) {
        if (calls.remove(call)) {
            for (int i = 0; i < tickers.size(); i++) {
                if (call.isOnTicker(tickers.get(i))) {
                    callsPerTicker[i]--;
                }
            }
        }
    }

    void legClosed(MediaLeg leg) {
        legs.remove(leg);
        ports.release(leg.localPort());
    }

    /** The open call created with {@code callId}, if any. Any thread. */
    public java.util.Optional<CallMedia> call(String callId) {
        return calls.stream().filter(c -> c.callId().equals(callId)).findFirst();
    }

    /** The open calls. Any thread. */
    public List<CallMedia> openCalls() {
        return List.copyOf(calls);
    }

    /** Counters of every open call. Any thread. */
    public List<CallStats> callStats() {
        List<CallStats> stats = new ArrayList<>();
        for (CallMedia call : calls) {
            stats.add(call.stats());
        }
        return stats;
    }

    public EngineStats stats() {
        long ticks = 0;
        long late = 0;
        long skipped = 0;
        long busy = 0;
        for (Ticker t : tickers) {
            ticks += t.ticks();
            late += t.lateTicks();
            skipped += t.skippedTicks();
            busy += t.busyNanos();
        }
        long[] merged = LatencyHistogram.merge(latencies);
        long max = 0;
        for (LatencyHistogram h : latencies) {
            max = Math.max(max, h.maxNs());
        }
        return new EngineStats(legs.size(), calls.size(), ticks, late, skipped, busy, LatencyHistogram.count(merged),
                LatencyHistogram.percentileMs(merged, 0.50), LatencyHistogram.percentileMs(merged, 0.99), max / 1e6);
    }

    /** Media threads running under real-time scheduling (see {@link MediaEngineConfig#realtimePriority()}). */
    public int realtimeThreads() {
        return (int) tickers.stream().filter(Ticker::realtime).count();
    }

    /** Added-latency histogram counts of all media threads so far (for measuring a time window). */
    long[] latencyCounts() {
        return LatencyHistogram.merge(latencies);
    }

    /** Closes every call and leg and stops the media threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CallMedia call : List.copyOf(calls)) {
            call.close();
        }
        for (MediaLeg leg : List.copyOf(legs)) {
            leg.close();
        }
        pool.close();
        waiters.forEach(SelectorWaiter::close);
    }
}
