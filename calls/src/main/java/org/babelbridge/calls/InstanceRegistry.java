package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge instances sharing the database ({@code bridge_instances}): each writes a heartbeat; the others
 * end the calls of an instance that has been silent too long. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class InstanceRegistry {

    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final BridgeInstance instance;
    private final LocalDateTime startedAt;

    public InstanceRegistry(TransactionOperations<Connection> tx, Clock clock, BridgeInstance instance) {
        this.tx = tx;
        this.clock = clock;
        this.instance = instance;
        this.startedAt = Times.now(clock);
    }

    /** Records that this instance is alive now. */
    public void beat() {
        tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    INSERT INTO bridge_instances (instance_id, started_at, heartbeat_at) VALUES (?, ?, ?)
                    ON CONFLICT (instance_id) DO UPDATE SET started_at = EXCLUDED.started_at,
                                                            heartbeat_at = EXCLUDED.heartbeat_at""")) {
                ps.setString(1, instance.id());
                ps.setTimestamp(2, Timestamp.valueOf(startedAt));
                ps.setTimestamp(3, Timestamp.valueOf(Times.now(clock)));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Other instances whose last heartbeat is older than {@code silentFor}. */
    public List<String> silentInstances(Duration silentFor) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "SELECT instance_id FROM bridge_instances WHERE heartbeat_at < ? AND instance_id <> ?")) {
                ps.setTimestamp(1, Timestamp.valueOf(Times.now(clock).minus(silentFor)));
                ps.setString(2, instance.id());
                List<String> silent = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        silent.add(rs.getString(1));
                    }
                }
                return silent;
            }
        });
    }

    public BridgeInstance self() {
        return instance;
    }
}
