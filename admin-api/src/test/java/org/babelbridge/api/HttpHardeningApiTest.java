package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class HttpHardeningApiTest extends ApiTestSupport {

    @Override
    Map<String, String> extraProperties() {
        return Map.of("micronaut.server.max-request-size", "65536");
    }

    @Test
    void sendsSecurityHeadersOnSuccessesAndErrors() {
        User u = newUser("en");
        for (HttpResponse<String> r : new HttpResponse[] {exchange(auth(HttpRequest.GET("/api/users/me"), u)),
                exchange(HttpRequest.GET("/api/users/me")), exchange(auth(HttpRequest.GET("/api/nothing"), u)),
                exchange(HttpRequest.GET("/health"))}) {
            assertThat(r.header("X-Content-Type-Options")).as("status %s", r.code()).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.API_CSP);
        }
    }

    @Test
    void givesTheSwaggerUiPageAPolicyThatLetsItRunButNotBeFramed() {
        HttpResponse<String> page = exchange(HttpRequest.GET("/swagger-ui/index.html"));
        assertThat(page.code()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
                .contains("object-src 'none'").doesNotContain("*");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void grantsNoCrossOriginAccessByDefault() {
        HttpResponse<String> preflight = exchange(HttpRequest.create(HttpMethod.OPTIONS, "/api/users/me")
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization"));
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Headers")).isNull();
        User u = newUser("en");
        HttpResponse<String> read = exchange(auth(HttpRequest.GET("/api/users/me"), u)
                .header("Origin", "https://evil.example"));
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        assertThat(read.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void refusesOversizedBodiesWith413Problem() {
        String huge = "{\"email\":\"big@example.com\",\"password\":\"a good password\",\"fullName\":\""
                + "x".repeat(200_000) + "\",\"primaryLanguage\":\"en\"}";
        problem(HttpRequest.POST("/api/auth/register", huge).contentType(MediaType.APPLICATION_JSON), 413);
        assertThat(call(HttpRequest.GET("/health"), 200)).containsEntry("status", "UP");
    }

    @Test
    void renewsAValidTokenButNotAnExpiredOneOrOneOfADeletedAccount() {
        User u = newUser("he");
        Map<String, Object> renewed = call(auth(HttpRequest.POST("/api/auth/refresh", ""), u), 200);
        assertThat(renewed).containsEntry("tokenType", "Bearer").containsEntry("expiresIn", 3600);
        String fresh = (String) renewed.get("accessToken");
        assertThat(call(HttpRequest.GET("/api/users/me").bearerAuth(fresh), 200)).containsEntry("email", u.email());

        String expired = Jwts.hs256(SECRET, "{\"sub\":\"" + u.id() + "\",\"roles\":[\"user\"],\"exp\":1000}");
        problem(HttpRequest.POST("/api/auth/refresh", "").bearerAuth(expired), 401);
        problem(HttpRequest.POST("/api/auth/refresh", ""), 401);

        String ofNobody = Jwts.hs256(SECRET, "{\"sub\":\"987654321\",\"roles\":[\"user\"],\"exp\":4102444800}");
        problem(HttpRequest.POST("/api/auth/refresh", "").bearerAuth(ofNobody), 401);
    }

    @Test
    void issuesTokensThatExpireAtTheConfiguredTime() {
        User u = newUser("ru");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(u.token().split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> claims = parse(payload, Map.class);
        long exp = ((Number) claims.get("exp")).longValue();
        long now = System.currentTimeMillis() / 1000;
        assertThat(exp - now).isBetween(3500L, 3601L);
    }
}
