package org.babelbridge.calls;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
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
import java.util.Optional;

/**
 * The bridge instances sharing the database ({@code bridge_instances}): each writes a heartbeat with the base
 * URL of its API ({@code babel.instance-url}); the others find the API of the instance carrying a call there,
 * and end the calls of an instance that has been silent too long. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class InstanceRegistry {

    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final BridgeInstance instance;
    private final String apiUrl;
    private final LocalDateTime startedAt;

    public InstanceRegistry(TransactionOperations<Connection> tx, Clock clock, BridgeInstance instance,
                            @Value("${babel.instance-url:}") @Nullable String apiUrl) {
        this.tx = tx;
        this.clock = clock;
        this.instance = instance;
        this.apiUrl = apiUrl == null || apiUrl.isBlank() ? null : apiUrl.replaceAll("/+$", "");
        this.startedAt = Times.now(clock);
    }

    /** Records that this instance is alive now. */
    public void beat() {
        tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    INSERT INTO bridge_instances (instance_id, api_url, started_at, heartbeat_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (instance_id) DO UPDATE SET api_url = EXCLUDED.api_url,
                        started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at""")) {
                ps.setString(1, instance.id());
                ps.setString(2, apiUrl);
                ps.setTimestamp(3, Timestamp.valueOf(startedAt));
                ps.setTimestamp(4, Timestamp.valueOf(Times.now(clock)));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The base URL of {@code instanceId}'s API, when it published one. */
    public Optional<String> apiUrlOf(String instanceId) {
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "SELECT api_url FROM bridge_instances WHERE instance_id = ?")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
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
