package org.babelbridge.sip.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per source address in a sliding window and says when a source has
 * failed too often, so password guessing from one address is slowed down. Thread-safe.
 */
public final class AuthFailureLimiter {

    private final Clock clock;
    private final int maxFailures;
    private final long windowMs;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public AuthFailureLimiter(Clock clock, int maxFailures, long windowMs) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
    }

    /** True while {@code source} has reached the failure limit within the window. */
    public boolean isBlocked(String source) {
        Deque<Long> times = failures.get(source);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= maxFailures;
        }
    }

    public void recordFailure(String source) {
        Deque<Long> times = failures.computeIfAbsent(source, s -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.millis());
        }
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private void prune(Deque<Long> times) {
        long oldest = clock.millis() - windowMs;
        while (!times.isEmpty() && times.peekFirst() < oldest) {
            times.removeFirst();
        }
    }
}
