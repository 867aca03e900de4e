package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.babelbridge.calls.CallService;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled application starts on a configured database, migrates it, creates the admin and serves. */
class ApplicationTest {

    @Test
    void startsMigratesBootstrapsTheAdminAndAnswersHealth(@TempDir Path dataDir) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            System.setProperty("babel.data-dir", dataDir.toString());
            System.setProperty("database.url", db.jdbcUrl());
            System.setProperty("micronaut.server.port", "-1");
            System.setProperty("babel.admin.email", "first-admin@example.com");
            System.setProperty("babel.admin.password", "first admin password");
            try (ApplicationContext ctx = Application.serve(new String[0])) {
                URI base = ctx.getBean(EmbeddedServer.class).getURI();
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                base.resolve("/api/auth/login")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"first-admin@example.com\",\"password\":\"first admin password\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).isEqualTo(200);
                assertThat(login.body()).contains("accessToken");
                assertThat(ctx.getBean(CallService.class).reconcileCrashedCalls()).isZero();
                assertThat(dataDir.resolve("jwt-secret")).exists();
            } finally {
                for (String p : new String[] {"babel.data-dir", "database.url", "micronaut.server.port",
                        "babel.admin.email", "babel.admin.password"}) {
                    System.clearProperty(p);
                }
            }
        }
    }
}
