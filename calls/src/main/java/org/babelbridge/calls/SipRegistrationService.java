package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The SIP location service shared by every bridge instance ({@code sip_registrations}): a phone registered
 * through one instance is reachable from all. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class SipRegistrationService {

    private static final String COLUMNS = "user_id, sip_username, contact_uri, sip_call_id, cseq, expires_at, instance_id";

    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public SipRegistrationService(TransactionOperations<Connection> tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Adds or refreshes a contact. A request older than the stored one (same Call-ID, lower CSeq) changes
     * nothing and returns false.
     */
    public boolean save(SipRegistration r) {
        return tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("INSERT INTO sip_registrations ("
                    + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, contact_uri) DO UPDATE"
                    + " SET sip_username = EXCLUDED.sip_username, sip_call_id = EXCLUDED.sip_call_id,"
                    + " cseq = EXCLUDED.cseq, expires_at = EXCLUDED.expires_at, instance_id = EXCLUDED.instance_id,"
                    + " updated_at = EXCLUDED.updated_at"
                    + " WHERE NOT (sip_registrations.sip_call_id = EXCLUDED.sip_call_id"
                    + " AND sip_registrations.cseq > EXCLUDED.cseq)")) {
                ps.setInt(1, Math.toIntExact(r.userId()));
                ps.setString(2, r.sipUsername());
                ps.setString(3, r.contactUri());
                ps.setString(4, r.sipCallId());
                ps.setLong(5, r.cseq());
                ps.setTimestamp(6, Timestamp.valueOf(Times.utc(r.expiresAt())));
                ps.setString(7, r.instanceId());
                ps.setTimestamp(8, Timestamp.valueOf(Times.now(clock)));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Removes one contact; false when it was not registered. */
    public boolean delete(long userId, String contactUri) {
        return tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "DELETE FROM sip_registrations WHERE user_id = ? AND contact_uri = ?")) {
                ps.setInt(1, Math.toIntExact(userId));
                ps.setString(2, contactUri);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Removes every contact of the user; returns the ones removed. */
    public List<SipRegistration> deleteAll(long userId) {
        return tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "DELETE FROM sip_registrations WHERE user_id = ? RETURNING " + COLUMNS)) {
                ps.setInt(1, Math.toIntExact(userId));
                return read(ps);
            }
        });
    }

    /** The user's unexpired contacts, oldest registration first. */
    public List<SipRegistration> live(long userId) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT " + COLUMNS
                    + " FROM sip_registrations WHERE user_id = ? AND expires_at > ? ORDER BY updated_at, contact_uri")) {
                ps.setInt(1, Math.toIntExact(userId));
                ps.setTimestamp(2, Timestamp.valueOf(Times.now(clock)));
                return read(ps);
            }
        });
    }

    /** Removes the contacts whose registration has lapsed; returns them. Any instance may sweep. */
    public List<SipRegistration> deleteExpired() {
        return tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "DELETE FROM sip_registrations WHERE expires_at <= ? RETURNING " + COLUMNS)) {
                ps.setTimestamp(1, Timestamp.valueOf(Times.now(clock)));
                return read(ps);
            }
        });
    }

    private static List<SipRegistration> read(PreparedStatement ps) throws SQLException {
        List<SipRegistration> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new SipRegistration(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), Times.instant(rs.getTimestamp(6).toLocalDateTime()), rs.getString(7)));
            }
        }
        return result;
    }
}
