package org.babelbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Reads the migrated catalog and finds every column, constraint and index of the seed schema. */
class SchemaTest {

    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void drop() {
        DB.close();
    }

    @Test
    void keepsEverySeedColumnWithItsTypeAndDefault() throws SQLException {
        Map<String, String> columns = query("""
                SELECT table_name || '.' || column_name AS k,
                       data_type || coalesce('(' || character_maximum_length || ')', '') || ' '
                       || is_nullable || ' ' || coalesce(column_default, '-') AS v
                FROM information_schema.columns WHERE table_schema = 'public'""");

        assertThat(columns).containsEntry("users.id", "integer NO nextval('users_id_seq'::regclass)")
                .containsEntry("users.email", "character varying(255) NO -")
                .containsEntry("users.phone_number", "character varying(20) YES -")
                .containsEntry("users.full_name", "character varying(255) NO -")
                .containsEntry("users.hashed_password", "character varying(255) NO -")
                .containsEntry("users.primary_language", "character varying(10) NO 'he'::character varying")
                .containsEntry("users.is_online", "boolean YES false")
                .containsEntry("users.last_seen", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("users.has_voice_sample", "boolean YES false")
                .containsEntry("users.voice_model_trained", "boolean YES false")
                .containsEntry("users.voice_quality_score", "integer YES -")
                .containsEntry("users.avatar_url", "character varying(500) YES -")
                .containsEntry("users.bio", "character varying(500) YES -")
                .containsEntry("users.created_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("users.updated_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("contacts.user_id", "integer NO -")
                .containsEntry("contacts.contact_user_id", "integer NO -")
                .containsEntry("contacts.contact_name", "character varying(255) YES -")
                .containsEntry("contacts.added_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("contacts.is_blocked", "boolean YES false")
                .containsEntry("voice_recordings.user_id", "integer NO -")
                .containsEntry("voice_recordings.language", "character varying(10) NO -")
                .containsEntry("voice_recordings.text_content", "text NO -")
                .containsEntry("voice_recordings.file_path", "character varying(500) NO -")
                .containsEntry("voice_recordings.file_size_bytes", "integer YES -")
                .containsEntry("voice_recordings.quality_score", "integer YES -")
                .containsEntry("voice_recordings.is_processed", "boolean YES false")
                .containsEntry("voice_recordings.processed_at", "timestamp without time zone YES -")
                .containsEntry("voice_recordings.used_for_training", "boolean YES false")
                .containsEntry("voice_recordings.created_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                // nullable by correction (DESIGN §3 rule 4)
                .containsEntry("calls.caller_user_id", "integer YES -")
                .containsEntry("calls.call_language", "character varying(10) NO -")
                .containsEntry("calls.is_active", "boolean YES true")
                .containsEntry("calls.status", "character varying(20) NO 'ongoing'::character varying")
                .containsEntry("calls.started_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("calls.ended_at", "timestamp without time zone YES -")
                .containsEntry("calls.duration_seconds", "integer YES -")
                .containsEntry("calls.participant_count", "integer YES 1")
                .containsEntry("calls.created_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("call_participants.call_id", "integer NO -")
                .containsEntry("call_participants.user_id", "integer NO -")
                .containsEntry("call_participants.participant_language", "character varying(10) NO -")
                .containsEntry("call_participants.joined_at", "timestamp without time zone YES CURRENT_TIMESTAMP")
                .containsEntry("call_participants.left_at", "timestamp without time zone YES -")
                .containsEntry("call_participants.is_muted", "boolean YES false")
                .containsEntry("call_participants.dubbing_required", "boolean YES false")
                .containsEntry("call_participants.use_voice_clone", "boolean YES true")
                .containsEntry("call_participants.voice_clone_quality", "character varying(20) YES -")
                .containsEntry("call_participants.notes", "text YES -")
                .containsEntry("call_transcripts.call_id", "integer NO -")
                .containsEntry("call_transcripts.speaker_user_id", "integer YES -")
                .containsEntry("call_transcripts.original_language", "character varying(10) NO -")
                .containsEntry("call_transcripts.original_text", "text NO -")
                .containsEntry("call_transcripts.translated_text", "text YES -")
                .containsEntry("call_transcripts.timestamp_ms", "integer YES -")
                .containsEntry("call_transcripts.audio_file_path", "character varying(500) YES -")
                .containsEntry("call_transcripts.created_at", "timestamp without time zone YES CURRENT_TIMESTAMP");
        for (String table : List.of("users", "contacts", "voice_recordings", "calls", "call_participants",
                "call_transcripts")) {
            assertThat(columns).containsEntry(table + ".id", "integer NO nextval('" + table + "_id_seq'::regclass)");
        }
    }

    @Test
    void keepsEverySeedCheckConstraint() throws SQLException {
        List<String> checks = list("""
                SELECT conrelid::regclass || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'c' AND connamespace = 'public'::regnamespace""");

        assertThat(checks).anySatisfy(c -> assertLanguageCheck(c, "users", "primary_language"))
                .anySatisfy(c -> assertLanguageCheck(c, "voice_recordings", "language"))
                .anySatisfy(c -> assertLanguageCheck(c, "calls", "call_language"))
                .anySatisfy(c -> assertLanguageCheck(c, "call_participants", "participant_language"))
                .anySatisfy(c -> assertLanguageCheck(c, "call_transcripts", "original_language"))
                .anySatisfy(c -> assertThat(c).startsWith("calls:").contains("status")
                        .contains("'ongoing'", "'ended'", "'missed'"))
                .anySatisfy(c -> assertThat(c).isEqualTo("contacts: CHECK ((user_id <> contact_user_id))"));
    }

    @Test
    void keepsEverySeedUniqueConstraintAndForeignKey() throws SQLException {
        List<String> uniques = list("""
                SELECT conrelid::regclass || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype IN ('u', 'p') AND connamespace = 'public'::regnamespace""");
        assertThat(uniques).contains("users: UNIQUE (email)", "contacts: UNIQUE (user_id, contact_user_id)",
                "call_participants: UNIQUE (call_id, user_id)");
        for (String table : List.of("users", "contacts", "voice_recordings", "calls", "call_participants",
                "call_transcripts")) {
            assertThat(uniques).contains(table + ": PRIMARY KEY (id)");
        }

        List<String> foreignKeys = list("""
                SELECT conrelid::regclass || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'f' AND connamespace = 'public'::regnamespace""");
        assertThat(foreignKeys).contains(
                "contacts: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE",
                "contacts: FOREIGN KEY (contact_user_id) REFERENCES users(id) ON DELETE CASCADE",
                "voice_recordings: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE",
                "calls: FOREIGN KEY (caller_user_id) REFERENCES users(id) ON DELETE SET NULL",
                "call_participants: FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE CASCADE",
                "call_participants: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE",
                "call_transcripts: FOREIGN KEY (call_id) REFERENCES calls(id) ON DELETE CASCADE",
                "call_transcripts: FOREIGN KEY (speaker_user_id) REFERENCES users(id) ON DELETE SET NULL");
    }

    @Test
    void keepsEverySeedIndex() throws SQLException {
        Map<String, String> indexes = query(
                "SELECT indexname AS k, indexdef AS v FROM pg_indexes WHERE schemaname = 'public'");
        Map<String, String> expected = Map.ofEntries(
                Map.entry("idx_users_is_online", "users USING btree (is_online)"),
                Map.entry("idx_users_email", "users USING btree (email)"),
                Map.entry("idx_contacts_user_id", "contacts USING btree (user_id)"),
                Map.entry("idx_contacts_contact_user_id", "contacts USING btree (contact_user_id)"),
                Map.entry("idx_voice_recordings_user_id", "voice_recordings USING btree (user_id)"),
                Map.entry("idx_voice_recordings_used_for_training",
                        "voice_recordings USING btree (used_for_training)"),
                Map.entry("idx_calls_caller_user_id", "calls USING btree (caller_user_id)"),
                Map.entry("idx_calls_is_active", "calls USING btree (is_active)"),
                Map.entry("idx_calls_status", "calls USING btree (status)"),
                Map.entry("idx_call_participants_call_id", "call_participants USING btree (call_id)"),
                Map.entry("idx_call_participants_user_id", "call_participants USING btree (user_id)"),
                Map.entry("idx_call_participants_left_at", "call_participants USING btree (left_at)"),
                Map.entry("idx_call_transcripts_call_id", "call_transcripts USING btree (call_id)"),
                Map.entry("idx_call_transcripts_speaker_user_id",
                        "call_transcripts USING btree (speaker_user_id)"));
        expected.forEach((name, def) -> assertThat(indexes.get(name)).as(name)
                .isEqualTo("CREATE INDEX " + name + " ON public." + def));
    }

    @Test
    void addsTheCorrectionsOfTheDesign() throws SQLException {
        Map<String, String> indexes = query(
                "SELECT indexname AS k, indexdef AS v FROM pg_indexes WHERE schemaname = 'public'");
        assertThat(indexes.get("ux_call_participants_one_active_per_user"))
                .contains("UNIQUE INDEX").contains("(user_id) WHERE (left_at IS NULL)");
        assertThat(indexes.get("ux_users_email_lower")).contains("UNIQUE INDEX").contains("lower((email)::text)");
        assertThat(indexes.get("ux_users_sip_username")).contains("UNIQUE INDEX").contains("(sip_username)");
        assertThat(list("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
                .contains("trg_users_primary_language_immutable", "trg_calls_call_language_immutable");
    }

    private static void assertLanguageCheck(String constraint, String table, String column) {
        assertThat(constraint).startsWith(table + ":").contains("(" + column + ")")
                .contains("'he'", "'en'", "'ru'");
    }

    private static Map<String, String> query(String sql) throws SQLException {
        Map<String, String> result = new HashMap<>();
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(rs.getString("k"), rs.getString("v"));
            }
        }
        return result;
    }

    private static List<String> list(String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }
}
