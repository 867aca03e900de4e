package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.VoiceConsentService;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class VoiceConsentApiTest extends ApiTestSupport {

    @Inject
    VoiceConsentService consents;
    @Inject
    AccountService accounts;

    @Test
    void hasNoConsentUntilTheUserGivesIt() {
        User u = newUser("en");
        assertThat(call(auth(HttpRequest.GET("/api/voice/consent"), u), 200)).containsEntry("granted", false);
        assertThat(consents.hasConsented(u.id())).isFalse();
    }

    @Test
    void recordsConsentAndItsRevocationPerUser() {
        User u = newUser("he");
        User other = newUser("ru");
        Map<String, Object> given = call(auth(HttpRequest.POST("/api/voice/consent", ""), u), 200);
        assertThat(given).containsEntry("granted", true).containsKey("recordedAt");
        assertThat(consents.hasConsented(u.id())).isTrue();
        assertThat(consents.hasConsented(other.id())).as("consent is per user").isFalse();
        assertThat(call(auth(HttpRequest.GET("/api/voice/consent"), u), 200)).containsEntry("granted", true);

        assertThat(call(auth(HttpRequest.DELETE("/api/voice/consent"), u), 200)).containsEntry("granted", false);
        assertThat(consents.hasConsented(u.id())).isFalse();
        assertThat(call(auth(HttpRequest.GET("/api/voice/consent"), u), 200)).containsEntry("granted", false);
    }

    @Test
    void refusesAnonymousConsentChanges() {
        problem(HttpRequest.POST("/api/voice/consent", ""), 401);
        problem(HttpRequest.DELETE("/api/voice/consent"), 401);
    }

    @Test
    void forgetsConsentWithTheAccount() {
        User u = newUser("en");
        call(auth(HttpRequest.POST("/api/voice/consent", ""), u), 200);
        accounts.delete(u.id());
        assertThat(consents.hasConsented(u.id())).isFalse();
        problem(auth(HttpRequest.GET("/api/voice/consent"), u), 401);
    }
}
