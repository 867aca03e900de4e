package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real PostgreSQL is cut (connections terminated, new ones refused): {@code /health} and the
 * API answer 503 problems rather than hang or fail with an internal error, and recover by themselves.
 */
@MicronautTest(transactional = false)
class DatabaseOutageApiTest extends ApiTestSupport {

    @Override
    Map<String, String> extraProperties() {
        return Map.of("datasources.default.connection-timeout", "500",
                "datasources.default.validation-timeout", "250");
    }

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @Test
    void healthAndTheApiAnswer503WhileTheDatabaseIsDownAndRecover() throws Exception {
        User u = newUser("en");
        assertThat(call(HttpRequest.GET("/health"), 200)).containsEntry("status", "UP");

        allowConnections(false);

        assertThat(problem(HttpRequest.GET("/health"), 503)).containsEntry("detail", "database is not answering");
        assertThat(problem(auth(HttpRequest.GET("/api/calls"), u), 503)).containsEntry("title", "Service Unavailable");

        allowConnections(true);

        // The pool replaces its cut connections by itself; health turns UP again within seconds.
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (exchange(HttpRequest.GET("/health")).code() != 200 && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(call(HttpRequest.GET("/health"), 200)).containsEntry("status", "UP");
        assertThat(list(auth(HttpRequest.GET("/api/calls"), u))).isEmpty();
    }

    /** Cuts (or restores) the test database: no new connections, and every open one terminated. */
    private void allowConnections(boolean allowed) throws SQLException {
        String adminUrl = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + "postgres";
        try (Connection admin = DriverManager.getConnection(adminUrl, db.username(), db.password());
             Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + db.databaseName() + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    kill.setString(1, db.databaseName());
                    kill.executeQuery().close();
                }
            }
        }
    }
}
