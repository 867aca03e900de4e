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
import java.util.Optional;

/**
 * Records a user's consent to having their voice cloned, and its revocation. Every change is appended (the
 * history is the evidence); the latest event decides. A voice clone may be used only while {@link #hasConsented}
 * is true. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class VoiceConsentService {

    /** The current state: consented or not, and since when ({@code null} when never recorded). */
    public record Consent(boolean granted, Instant recordedAt) {
    }

    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public VoiceConsentService(TransactionOperations<Connection> tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    public Consent grant(long userId, String sourceAddress) {
        return record(userId, true, sourceAddress);
    }

    public Consent revoke(long userId, String sourceAddress) {
        return record(userId, false, sourceAddress);
    }

    public boolean hasConsented(long userId) {
        return current(userId).granted();
    }

    public Consent current(long userId) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    SELECT granted, recorded_at FROM voice_consent_events WHERE user_id = ?
                    ORDER BY id DESC LIMIT 1""")) {
                ps.setInt(1, Math.toIntExact(userId));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new Consent(rs.getBoolean(1), Times.instant(rs.getTimestamp(2).toLocalDateTime()))
                            : new Consent(false, null);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading voice consent failed", e);
            }
        });
    }

    private Consent record(long userId, boolean granted, String sourceAddress) {
        var now = Times.now(clock);
        tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    INSERT INTO voice_consent_events (user_id, granted, recorded_at, source_address)
                    VALUES (?, ?, ?, ?)""")) {
                ps.setInt(1, Math.toIntExact(userId));
                ps.setBoolean(2, granted);
                ps.setTimestamp(3, Timestamp.valueOf(now));
                ps.setString(4, sourceAddress == null ? null
                        : sourceAddress.substring(0, Math.min(64, sourceAddress.length())));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("recording voice consent failed", e);
            }
            return null;
        });
        return new Consent(granted, Times.instant(now));
    }
}
