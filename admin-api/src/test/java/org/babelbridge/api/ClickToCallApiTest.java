package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /api/calls} asks the signalling front to ring the caller's phone and then the contact's. */
@MicronautTest(transactional = false)
class ClickToCallApiTest extends ApiTestSupport {

    @Inject
    RecordingLiveCallControl live;

    @Test
    void ringsTheCallerThenTheContactAndAnswers202() {
        User a = newUser("en");
        User b = newUser("ru");
        addContact(a, b);

        Map<String, Object> view = call(auth(HttpRequest.POST("/api/calls", Map.of("email", b.email())), a), 202);

        assertThat(view).containsEntry("state", "ringing").containsEntry("calleeUserId", (int) b.id());
        assertThat(live.requests).contains("ring " + a.id() + " " + b.id());
    }

    @Test
    void refusesStrangersUnknownPeopleAndOneselfAlikeWithoutRinging() {
        User a = newUser("en");
        User stranger = newUser("he");

        problem(auth(HttpRequest.POST("/api/calls", Map.of("userId", stranger.id())), a), 403);
        problem(auth(HttpRequest.POST("/api/calls", Map.of("email", "nobody-" + a.id() + "@example.com")), a), 403);
        problem(auth(HttpRequest.POST("/api/calls", Map.of("userId", a.id())), a), 403);
        problem(auth(HttpRequest.POST("/api/calls", Map.of()), a), 400);

        assertThat(live.requests).noneMatch(r -> r.startsWith("ring " + a.id() + " "));
    }

    @Test
    void needsAuthentication() {
        assertThat(exchange(HttpRequest.POST("/api/calls", Map.of("userId", 1))).code()).isEqualTo(401);
    }

    private void addContact(User owner, User contact) {
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", contact.email())), owner), 201);
    }
}
