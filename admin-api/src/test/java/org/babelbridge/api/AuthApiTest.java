package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class AuthApiTest extends ApiTestSupport {

    @Override
    Map<String, String> extraProperties() {
        return Map.of("babel.accounts.login.failures-per-account", "3");
    }

    @Test
    void registersLogsInAndReadsTheProfile() {
        User u = newUser("ru");
        Map<String, Object> me = call(auth(HttpRequest.GET("/api/users/me"), u), 200);
        assertThat(me).containsEntry("email", u.email()).containsEntry("primaryLanguage", "ru")
                .containsEntry("role", "user").containsEntry("online", false).doesNotContainKey("hashedPassword");
    }

    @Test
    void rejectsADuplicateEmailWith409() {
        User u = newUser("en");
        Map<String, Object> p = problem(HttpRequest.POST("/api/auth/register", Map.of("email", u.email().toUpperCase(),
                "password", "a good password", "fullName", "Dup", "primaryLanguage", "en")), 409);
        assertThat(p.get("title")).isEqualTo("Already registered");
    }

    @Test
    void rejectsBadRegistrationsWith400() {
        problem(HttpRequest.POST("/api/auth/register", Map.of("email", "not-an-email", "password", "a good password",
                "fullName", "X", "primaryLanguage", "en")), 400);
        problem(HttpRequest.POST("/api/auth/register", Map.of("email", "x@example.com", "password", "a good password",
                "fullName", "X", "primaryLanguage", "fr")), 400);
        problem(HttpRequest.POST("/api/auth/register", Map.of("email", "x@example.com", "password", "a good password",
                "fullName", "x".repeat(300), "primaryLanguage", "en")), 400);
        problem(HttpRequest.POST("/api/auth/register", Map.of("email", "x@example.com", "password", "a good password",
                "fullName", "X", "primaryLanguage", "en", "phoneNumber", "call me maybe")), 400);
        assertThat(problem(HttpRequest.POST("/api/auth/register", "{\"email\": \"x@example.com\", ")
                .contentType(MediaType.APPLICATION_JSON), 400)).containsEntry("detail", "malformed JSON body");
        problem(HttpRequest.POST("/api/auth/register", "[1,2,3]").contentType(MediaType.APPLICATION_JSON), 400);
        problem(HttpRequest.POST("/api/auth/login", Map.of("email", "x@example.com", "password", "a good password")),
                401);
    }

    @Test
    void doesNotRevealWhetherAnEmailExists() {
        User u = newUser("he");
        Map<String, Object> wrong = problem(HttpRequest.POST("/api/auth/login", Map.of("email", u.email(),
                "password", "wrong password")), 401);
        Map<String, Object> unknown = problem(HttpRequest.POST("/api/auth/login", Map.of("email",
                "nobody-" + u.email(), "password", "wrong password")), 401);
        assertThat(wrong).isEqualTo(unknown);
    }

    @Test
    void rateLimitsFailedLogins() {
        User u = newUser("en");
        for (int i = 0; i < 3; i++) {
            problem(HttpRequest.POST("/api/auth/login", Map.of("email", u.email(), "password", "guess " + i)), 401);
        }
        Map<String, Object> p = problem(HttpRequest.POST("/api/auth/login", Map.of("email", u.email(),
                "password", u.password())), 429);
        assertThat(p.get("title")).isEqualTo("Too many failed attempts");
    }

    @Test
    void refusesMissingForgedAndExpiredTokens() {
        problem(HttpRequest.GET("/api/users/me"), 401);
        problem(HttpRequest.GET("/api/users/me").bearerAuth("not.a.token"), 401);
        User u = newUser("en");
        String[] parts = u.token().split("\\.");
        assertThat(parts).as("a signed JWT has three parts").hasSize(3);
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        problem(HttpRequest.GET("/api/users/me").bearerAuth(forged), 401);
        String otherKey = Jwts.hs256("another-secret-of-sufficient-length-for-hs256!!",
                "{\"sub\":\"" + u.id() + "\",\"roles\":[\"admin\"],\"exp\":4102444800}");
        problem(HttpRequest.GET("/api/admin/users").bearerAuth(otherKey), 401);
        String expired = Jwts.hs256(SECRET, "{\"sub\":\"" + u.id() + "\",\"roles\":[\"user\"],\"exp\":1000}");
        problem(HttpRequest.GET("/api/users/me").bearerAuth(expired), 401);
        String valid = Jwts.hs256(SECRET, "{\"sub\":\"" + u.id() + "\",\"roles\":[\"user\"],\"exp\":4102444800}");
        call(HttpRequest.GET("/api/users/me").bearerAuth(valid), 200);
    }

    @Test
    void patchesTheProfileButNotTheLanguage() {
        User u = newUser("he");
        Map<String, Object> me = call(auth(HttpRequest.PATCH("/api/users/me", Map.of("fullName", "Renamed",
                "phoneNumber", "+972 50 765 4321")), u), 200);
        assertThat(me).containsEntry("fullName", "Renamed").containsEntry("phoneNumber", "+972507654321");
        call(auth(HttpRequest.PATCH("/api/users/me", Map.of("primaryLanguage", "he")), u), 200);
        problem(auth(HttpRequest.PATCH("/api/users/me", Map.of("primaryLanguage", "en")), u), 409);
        problem(auth(HttpRequest.PATCH("/api/users/me", Map.of("primaryLanguage", "xx")), u), 400);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("primaryLanguage", "he");
    }

    @Test
    void issuesASipSecretShownOnce() {
        User u = newUser("en");
        Map<String, Object> s = call(auth(HttpRequest.POST("/api/users/me/sip-secret", ""), u), 200);
        assertThat((String) s.get("sipUsername")).endsWith("-" + u.id());
        assertThat((String) s.get("secret")).hasSizeGreaterThanOrEqualTo(24);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("sipUsername",
                s.get("sipUsername")).doesNotContainValue(s.get("secret"));
    }

    @Test
    void servesHealthMetricsOpenApiAndSwaggerUi() {
        assertThat(call(HttpRequest.GET("/health"), 200)).containsEntry("status", "UP");
        assertThat(exchange(HttpRequest.GET("/swagger/babel-bridge-0.1.yml")).getBody(String.class).orElse(""))
                .contains("/api/auth/login").contains("/api/calls/{id}/transcript");
        assertThat(exchange(HttpRequest.GET("/swagger-ui/index.html")).code()).isEqualTo(200);
        assertThat(exchange(HttpRequest.GET("/metrics")).getBody(String.class).orElse(""))
                .contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
    }

    @Test
    void answersUnknownRoutesWithAProblem() {
        User u = newUser("en");
        problem(auth(HttpRequest.GET("/api/nothing-here"), u), 404);
    }
}
