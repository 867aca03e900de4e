package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** Black-box API tests: a real server over a fresh database, driven through an HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestSupport implements TestPropertyProvider {

    static final String SECRET = "test-signing-secret-that-is-long-enough-for-hs256";
    private static final AtomicInteger SEQ = new AtomicInteger();

    final TestDatabase db = TestDatabase.create();
    final Path dataDir = tempDir();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> props = new HashMap<>(db.micronautProperties());
        props.put("babel.jwt.secret", SECRET);
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.put("micronaut.server.port", "-1");
        props.putAll(extraProperties());
        return props;
    }

    Map<String, String> extraProperties() {
        return Map.of();
    }

    @AfterAll
    void dropDatabase() throws IOException {
        db.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A registered user with a token. */
    record User(long id, String email, String password, String token) {
    }

    User newUser(String language) {
        String email = "user" + SEQ.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
        Map<String, Object> body = call(HttpRequest.POST("/api/auth/register", Map.of("email", email,
                "password", "a good password", "fullName", "User " + SEQ.get(), "primaryLanguage", language)), 201);
        long id = ((Number) body.get("id")).longValue();
        return new User(id, email, "a good password", login(email, "a good password"));
    }

    String login(String email, String password) {
        Map<String, Object> token = call(HttpRequest.POST("/api/auth/login", Map.of("email", email,
                "password", password)), 200);
        assertThat(token.get("tokenType")).isEqualTo("Bearer");
        return (String) token.get("accessToken");
    }

    /** Sends and expects {@code status}; returns the JSON object body (empty for no body). */
    Map<String, Object> call(MutableHttpRequest<?> request, int status) {
        HttpResponse<String> response = exchange(request);
        assertThat(response.code()).as("status of %s %s: %s", request.getMethod(), request.getPath(),
                response.getBody(String.class).orElse("")).isEqualTo(status);
        String body = response.getBody(String.class).orElse("");
        if (status >= 400) {
            assertThat(response.getContentType()).map(Object::toString).contains("application/problem+json");
        }
        return body.isBlank() || body.startsWith("[") ? Map.of() : parse(body, Map.class);
    }

    List<Map<String, Object>> list(MutableHttpRequest<?> request) {
        HttpResponse<String> response = exchange(request);
        assertThat(response.code()).as(response.getBody(String.class).orElse("")).isEqualTo(200);
        try {
            return json.readValue(response.getBody(String.class).orElseThrow(),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends and expects a problem with {@code status}; returns the problem body. */
    Map<String, Object> problem(MutableHttpRequest<?> request, int status) {
        Map<String, Object> body = call(request, status);
        assertThat(body).containsEntry("status", status).containsKey("title");
        assertThat(String.valueOf(body.get("detail"))).doesNotContain("Exception").doesNotContain("org.babelbridge")
                .doesNotContain("SQL");
        return body;
    }

    HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    static <T extends MutableHttpRequest<?>> T auth(T request, User user) {
        request.bearerAuth(user.token());
        return request;
    }

    @SuppressWarnings("unchecked")
    <T> T parse(String body, Class<?> type) {
        try {
            return (T) json.readValue(body, Argument.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("babel-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
