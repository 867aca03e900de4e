package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
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
 * known ones and reveal nothing) and per source address in a sliding window. The counts are kept in this
 * process, or, when built with the database, in {@code login_failures}, which every bridge instance behind one
 * load balancer shares: the limits then hold for the whole deployment rather than per instance. Thread-safe.
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

    private final TransactionOperations<Connection> tx;

    /** Counts kept in this process. */
    public LoginThrottle(Limits limits, Clock clock) {
        this(limits, clock, null);
    }

    /** Counts kept in the database when {@code tx} is given (shared by every instance on it). */
    public LoginThrottle(Limits limits, Clock clock, TransactionOperations<Connection> tx) {
        this.limits = limits;
        this.clock = clock;
        this.tx = tx;
    }

    /** True when another attempt for this account or from this source must be refused now. */
    public boolean isLocked(String email, String source) {
        Instant now = clock.instant();
        if (tx != null) {
            return tx.executeRead(status -> {
                try (PreparedStatement ps = status.getConnection().prepareStatement("""
                        SELECT count(*) FILTER (WHERE kind = 'a'), count(*) FILTER (WHERE kind = 's')
                        FROM login_failures
                        WHERE failed_at > ? AND ((kind = 'a' AND key = ?) OR (kind = 's' AND key = ?))""")) {
                    ps.setTimestamp(1, Timestamp.valueOf(Times.utc(now.minus(limits.window()))));
                    ps.setString(2, key(email));
                    ps.setString(3, source(source));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) >= limits.failuresPerAccount() || rs.getInt(2) >= limits.failuresPerSource();
                    }
                }
            });
        }
        return recent(byAccount, key(email), now) >= limits.failuresPerAccount()
                || recent(bySource, source(source), now) >= limits.failuresPerSource();
    }

    public void recordFailure(String email, String source) {
        Instant now = clock.instant();
        if (tx != null) {
            tx.executeWrite(status -> {
                Connection c = status.getConnection();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO login_failures (kind, key, failed_at) VALUES ('a', ?, ?), ('s', ?, ?)")) {
                    Timestamp at = Timestamp.valueOf(Times.utc(now));
                    ps.setString(1, key(email));
                    ps.setTimestamp(2, at);
                    ps.setString(3, source(source));
                    ps.setTimestamp(4, at);
                    ps.executeUpdate();
                }
                // bounded storage: failures older than the window add no information
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE failed_at <= ?")) {
                    ps.setTimestamp(1, Timestamp.valueOf(Times.utc(now.minus(limits.window()))));
                    ps.executeUpdate();
                }
                return null;
            });
            return;
        }
        add(byAccount, key(email), now);
        add(bySource, source(source), now);
    }

    /** A successful login clears the account's failures (not the source's). */
    public void recordSuccess(String email) {
        if (tx != null) {
            tx.executeWrite(status -> {
                try (PreparedStatement ps = status.getConnection().prepareStatement(
                        "DELETE FROM login_failures WHERE kind = 'a' AND key = ?")) {
                    ps.setString(1, key(email));
                    ps.executeUpdate();
                }
                return null;
            });
            return;
        }
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

    private static final int MAX_KEY_LENGTH = 320;

    private static String key(String email) {
        return email == null ? "" : capped(email.trim().toLowerCase(Locale.ROOT));
    }

    private static String source(String source) {
        return source == null ? "unknown" : capped(source);
    }

    // any name longer than an e-mail can be is a wrong one anyway; its prefix counts its failures
    private static String capped(String s) {
        return s.length() > MAX_KEY_LENGTH ? s.substring(0, MAX_KEY_LENGTH) : s;
    }
}
