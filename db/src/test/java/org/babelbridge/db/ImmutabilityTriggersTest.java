package org.babelbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The database itself rejects changes to immutable languages and double active participation. */
class ImmutabilityTriggersTest {

    private static final TestDatabase DB = TestDatabase.create();

    @AfterAll
    static void drop() {
        DB.close();
    }

    @Test
    void rejectsChangingAUsersPrimaryLanguage() throws SQLException {
        int user = insertUser("lang@example.com", "he");
        assertThatThrownBy(() -> exec("UPDATE users SET primary_language = 'en' WHERE id = " + user))
                .isInstanceOf(SQLException.class).hasMessageContaining("primary_language is immutable");
        exec("UPDATE users SET full_name = 'Renamed', primary_language = 'he' WHERE id = " + user);
        assertThat(scalar("SELECT primary_language FROM users WHERE id = " + user)).isEqualTo("he");
    }

    @Test
    void rejectsChangingACallsLanguage() throws SQLException {
        int user = insertUser("caller@example.com", "ru");
        int call = Integer.parseInt(scalar(
                "INSERT INTO calls (caller_user_id, call_language) VALUES (" + user + ", 'ru') RETURNING id"));
        assertThatThrownBy(() -> exec("UPDATE calls SET call_language = 'he' WHERE id = " + call))
                .isInstanceOf(SQLException.class).hasMessageContaining("call_language is immutable");
        exec("UPDATE calls SET status = 'ended', is_active = false WHERE id = " + call);
        assertThat(scalar("SELECT call_language FROM calls WHERE id = " + call)).isEqualTo("ru");
    }

    @Test
    void rejectsASecondActiveParticipationOfOneUser() throws SQLException {
        int user = insertUser("busy@example.com", "en");
        int first = Integer.parseInt(scalar("INSERT INTO calls (call_language) VALUES ('en') RETURNING id"));
        int second = Integer.parseInt(scalar("INSERT INTO calls (call_language) VALUES ('en') RETURNING id"));
        exec("INSERT INTO call_participants (call_id, user_id, participant_language) VALUES (" + first + ", "
                + user + ", 'en')");
        assertThatThrownBy(() -> exec("INSERT INTO call_participants (call_id, user_id, participant_language)"
                + " VALUES (" + second + ", " + user + ", 'en')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("ux_call_participants_one_active_per_user");
        exec("UPDATE call_participants SET left_at = now() WHERE user_id = " + user);
        exec("INSERT INTO call_participants (call_id, user_id, participant_language) VALUES (" + second + ", "
                + user + ", 'en')");
    }

    @Test
    void keepsHistoryWhenTheCallerIsDeleted() throws SQLException {
        int user = insertUser("gone@example.com", "he");
        int call = Integer.parseInt(scalar(
                "INSERT INTO calls (caller_user_id, call_language) VALUES (" + user + ", 'he') RETURNING id"));
        exec("INSERT INTO call_transcripts (call_id, speaker_user_id, original_language, original_text) VALUES ("
                + call + ", " + user + ", 'he', 'shalom')");
        exec("DELETE FROM users WHERE id = " + user);
        assertThat(scalar("SELECT coalesce(caller_user_id::text, 'null') FROM calls WHERE id = " + call))
                .isEqualTo("null");
        assertThat(scalar("SELECT count(*) FROM call_transcripts WHERE call_id = " + call + " AND speaker_user_id"
                + " IS NULL")).isEqualTo("1");
    }

    private static int insertUser(String email, String language) throws SQLException {
        return Integer.parseInt(scalar("INSERT INTO users (email, full_name, hashed_password, primary_language)"
                + " VALUES ('" + email + "', 'Test', 'x', '" + language + "') RETURNING id"));
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String scalar(String sql) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
