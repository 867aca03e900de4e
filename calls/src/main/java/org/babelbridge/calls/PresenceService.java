package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Presence: a user is online while any source is up. Sources are free-form names such as
 * {@code sip:<contact-uri>} (with the registration's expiry) or {@code ws:<session-id>} (until disconnected).
 * {@code users.is_online} and {@code last_seen} follow. Thread-safe; blocking.
 */
@Singleton
public final class PresenceService {

    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final BridgeInstance instance;

    public PresenceService(TransactionOperations<Connection> tx, Clock clock, BridgeInstance instance) {
        this.tx = tx;
        this.clock = clock;
        this.instance = instance;
    }

    /** Marks {@code source} up for the user, until {@code expiresAt} (null: until {@link #markOffline}). */
    public void markOnline(long userId, String source, Instant expiresAt) {
        String name = source(source);
        LocalDateTime now = Times.now(clock);
        tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO user_presence (user_id, source, expires_at, updated_at, instance_id)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, source) DO UPDATE SET expires_at = EXCLUDED.expires_at,
                                                                updated_at = EXCLUDED.updated_at,
                                                                instance_id = EXCLUDED.instance_id""")) {
                ps.setInt(1, Math.toIntExact(userId));
                ps.setString(2, name);
                ps.setTimestamp(3, expiresAt == null ? null : Timestamp.valueOf(Times.utc(expiresAt)));
                ps.setTimestamp(4, Timestamp.valueOf(now));
                ps.setString(5, instance.id());
                ps.executeUpdate();
            }
            setOnline(c, userId, true, now);
            return null;
        });
    }

    /** Marks {@code source} down; the user goes offline (with last_seen) when no other source is up. */
    public void markOffline(long userId, String source) {
        String name = source(source);
        tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM user_presence WHERE user_id = ? AND source = ?")) {
                ps.setInt(1, Math.toIntExact(userId));
                ps.setString(2, name);
                ps.executeUpdate();
            }
            recompute(c, userId);
            return null;
        });
    }

    /** True when any of the user's sources is up and unexpired now. */
    public boolean isOnline(long userId) {
        return tx.executeRead(status -> isOnline(status.getConnection(), userId, Times.now(clock)));
    }

    /** Drops expired sources (e.g. lapsed SIP registrations); returns the users who went offline. */
    public List<Long> expireStale() {
        LocalDateTime now = Times.now(clock);
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            List<Long> affected = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM user_presence WHERE expires_at IS NOT NULL AND expires_at <= ? RETURNING user_id")) {
                ps.setTimestamp(1, Timestamp.valueOf(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        affected.add(rs.getLong(1));
                    }
                }
            }
            List<Long> offline = new ArrayList<>();
            for (long userId : affected.stream().distinct().toList()) {
                if (!recompute(c, userId)) {
                    offline.add(userId);
                }
            }
            return offline;
        });
    }

    /**
     * At start-up: forgets this instance's sources without expiry (connections of its previous process cannot
     * still be open; other instances' connections are) and expired ones, and recomputes every user's online flag.
     */
    public void resetAfterRestart() {
        LocalDateTime now = Times.now(clock);
        tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM user_presence WHERE (expires_at IS NULL AND (instance_id IS NULL OR instance_id = ?))"
                            + " OR expires_at <= ?")) {
                ps.setString(1, instance.id());
                ps.setTimestamp(2, Timestamp.valueOf(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE users u SET is_online = false, last_seen = ?
                    WHERE is_online AND NOT EXISTS (SELECT 1 FROM user_presence p WHERE p.user_id = u.id)""")) {
                ps.setTimestamp(1, Timestamp.valueOf(now));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private boolean recompute(Connection c, long userId) throws SQLException {
        LocalDateTime now = Times.now(clock);
        boolean online = isOnline(c, userId, now);
        setOnline(c, userId, online, now);
        return online;
    }

    private static boolean isOnline(Connection c, long userId, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM user_presence
                               WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?))""")) {
            ps.setInt(1, Math.toIntExact(userId));
            ps.setTimestamp(2, Timestamp.valueOf(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void setOnline(Connection c, long userId, boolean online, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET is_online = ?, last_seen = ? WHERE id = ?")) {
            ps.setBoolean(1, online);
            ps.setTimestamp(2, Timestamp.valueOf(now));
            ps.setInt(3, Math.toIntExact(userId));
            ps.executeUpdate();
        }
    }

    private static String source(String source) {
        if (source == null || source.isBlank() || source.length() > 200) {
            throw Validation.invalid("presence source must be 1 to 200 characters");
        }
        return source;
    }
}
