package org.babelbridge.calls;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes personal data older than its configured retention: transcripts ({@code
 * babel.retention.transcripts-days}) and voice samples ({@code babel.retention.voice-recordings-days}); 0 keeps
 * them forever. Voice sample rows are removed here; their files are the caller's to delete (returned paths), and
 * the users' {@code has_voice_sample} flags follow. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class RetentionService {

    /** What one purge removed. */
    public record Purged(int transcriptRows, List<String> voiceRecordingFiles) {
    }

    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final int transcriptsDays;
    private final int voiceRecordingsDays;

    public RetentionService(TransactionOperations<Connection> tx, Clock clock,
                            @Value("${babel.retention.transcripts-days:0}") int transcriptsDays,
                            @Value("${babel.retention.voice-recordings-days:0}") int voiceRecordingsDays) {
        if (transcriptsDays < 0 || voiceRecordingsDays < 0) {
            throw new IllegalArgumentException("babel.retention.*-days must be 0 (keep) or positive");
        }
        this.tx = tx;
        this.clock = clock;
        this.transcriptsDays = transcriptsDays;
        this.voiceRecordingsDays = voiceRecordingsDays;
    }

    /** Deletes what has outlived its retention as of now. */
    public Purged purgeExpired() {
        int transcripts = transcriptsDays == 0 ? 0 : tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "DELETE FROM call_transcripts WHERE created_at < ?")) {
                ps.setTimestamp(1, cutoff(transcriptsDays));
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("purging transcripts failed", e);
            }
        });
        List<String> files = voiceRecordingsDays == 0 ? List.of() : tx.executeWrite(status -> {
            List<String> paths = new ArrayList<>();
            Connection c = status.getConnection();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM voice_recordings WHERE created_at < ? RETURNING file_path")) {
                ps.setTimestamp(1, cutoff(voiceRecordingsDays));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        paths.add(rs.getString(1));
                    }
                }
                if (!paths.isEmpty()) {
                    try (PreparedStatement flags = c.prepareStatement("""
                            UPDATE users SET has_voice_sample = EXISTS (
                                SELECT 1 FROM voice_recordings r WHERE r.user_id = users.id)
                            WHERE has_voice_sample""")) {
                        flags.executeUpdate();
                    }
                }
                return paths;
            } catch (SQLException e) {
                throw new IllegalStateException("purging voice recordings failed", e);
            }
        });
        return new Purged(transcripts, files);
    }

    private Timestamp cutoff(int days) {
        return Timestamp.valueOf(Times.now(clock).minus(Duration.ofDays(days)));
    }
}
