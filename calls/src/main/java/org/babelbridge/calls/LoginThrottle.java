package org.babelbridge.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account name (the e-mail as typed, so unknown addresses are limited exactly like
 * known ones and reveal nothing) and per source address in a sliding window. Thread-safe; state is in memory.
 */
public final class LoginThrottle {

    /** Limits: failures allowed per account and per source within {@code window}. */
    public record Limits(int failuresPerAccount, int failuresPerSource, Duration window) {
        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15));
    }

    private static final int MAX_KEYS = 50_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> bySource = new ConcurrentHashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** True when another attempt for this account or from this source must be refused now. */
    public boolean isLocked(String email, String source) {
        Instant now = clock.instant();
        return recent(byAccount, key(email), now) >= limits.failuresPerAccount()
                || recent(bySource, source(source), now) >= limits.failuresPerSource();
    }

    public void recordFailure(String email, String source) {
        Instant now = clock.instant();
        add(byAccount, key(email), now);
        add(bySource, source(source), now);
    }

    /** A successful login clears the account's failures (not the source's). */
    public void recordSuccess(String email) {
        byAccount.remove(key(email));
    }

    private int recent(Map<String, Deque<Instant>> map, String key, Instant now) {
        Deque<Instant> failures = map.get(key);
        if (failures == null) {
            return 0;
        }
        synchronized (failures) {
            Instant horizon = now.minus(limits.window());
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(horizon)) {
                failures.pollFirst();
            }
            return failures.size();
        }
    }

    private void add(Map<String, Deque<Instant>> map, String key, Instant now) {
        if (map.size() > MAX_KEYS) {
            // bounded memory under a flood of distinct names: forget keys with no failure in the window
            map.keySet().removeIf(k -> recent(map, k, now) == 0);
        }
        Deque<Instant> failures = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (failures) {
            failures.addLast(now);
            // bounded memory per key: older entries beyond the limit add no information
            while (failures.size() > Math.max(limits.failuresPerAccount(), limits.failuresPerSource()) + 1) {
                failures.pollFirst();
            }
        }
    }

    private static String key(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    private static String source(String source) {
        return source == null ? "unknown" : source;
    }
}
