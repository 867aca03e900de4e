package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;

/** Writes transcript rows to PostgreSQL, {@code ON CONFLICT DO NOTHING} on (utterance_id, listener_language). */
public final class JdbcTranscriptStore implements TranscriptStore {

    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public JdbcTranscriptStore(TransactionOperations<Connection> tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void write(TranscriptEntry e) {
        tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("""
                    INSERT INTO call_transcripts (call_id, speaker_user_id, original_language, original_text,
                        translated_text, timestamp_ms, created_at, utterance_id, listener_language, untranslated,
                        stt_ms, mt_ms, tts_first_audio_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (utterance_id, listener_language) DO NOTHING""")) {
                Timestamp now = Timestamp.valueOf(Times.now(clock));
                for (ListenerText row : e.rows()) {
                    ps.setInt(1, Math.toIntExact(e.callId()));
                    setInt(ps, 2, e.speakerUserId() == null ? null : Math.toIntExact(e.speakerUserId()));
                    ps.setString(3, e.originalLanguage().code());
                    ps.setString(4, e.originalText());
                    ps.setString(5, row.translatedText());
                    ps.setInt(6, (int) e.timestampMs());
                    ps.setTimestamp(7, now);
                    ps.setObject(8, e.utteranceId());
                    ps.setString(9, row.listenerLanguage().code());
                    ps.setBoolean(10, row.untranslated());
                    setInt(ps, 11, e.latencies().sttMs());
                    setInt(ps, 12, e.latencies().mtMs());
                    setInt(ps, 13, e.latencies().ttsFirstAudioMs());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean isPermanent(Exception failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null && sql.getNextException() != null
                        ? sql.getNextException().getSQLState() : sql.getSQLState();
                if (state == null) {
                    return false;
                }
                // 22: data exception, 23: integrity violation (e.g. the call was deleted): retrying cannot help
                return state.startsWith("22") || state.startsWith("23");
            }
        }
        return false;
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
