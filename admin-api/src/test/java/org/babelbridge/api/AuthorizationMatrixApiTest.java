package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against every kind of caller: nobody, the owner of the resource, another user, an admin. Each
 * case gets fresh users, a call between the owner and a participant and the owner's contact entry, so cases are
 * independent of each other and of order.
 */
@MicronautTest(transactional = false)
class AuthorizationMatrixApiTest extends ApiTestSupport {

    enum Caller { ANONYMOUS, OWNER, OTHER_USER, ADMIN }

    /** What each case works on: owner called participant; owner holds a contact entry for participant. */
    record Fixture(User owner, User participant, User other, long callId, long contactId) {
    }

    record Endpoint(String name, Function<Fixture, MutableHttpRequest<?>> request, int anonymous, int owner,
                    int otherUser, int admin) {
        int expected(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> anonymous;
                case OWNER -> owner;
                case OTHER_USER -> otherUser;
                case ADMIN -> admin;
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Inject
    AccountService accounts;
    @Inject
    CallService calls;
    @Inject
    PresenceService presence;

    private User admin;

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET /api/users/me", f -> HttpRequest.GET("/api/users/me"), 401, 200, 200, 200),
                new Endpoint("PATCH /api/users/me", f -> HttpRequest.PATCH("/api/users/me",
                        Map.of("fullName", "Renamed")), 401, 200, 200, 200),
                new Endpoint("DELETE /api/users/me", f -> HttpRequest.DELETE("/api/users/me",
                        Map.of("password", f.owner().password())), 401, 204, 401, 401),
                new Endpoint("GET /api/voice/consent", f -> HttpRequest.GET("/api/voice/consent"), 401, 200, 200, 200),
                new Endpoint("POST /api/voice/consent", f -> HttpRequest.POST("/api/voice/consent", ""),
                        401, 200, 200, 200),
                new Endpoint("DELETE /api/voice/consent", f -> HttpRequest.DELETE("/api/voice/consent"),
                        401, 200, 200, 200),
                new Endpoint("POST /api/users/me/sip-secret", f -> HttpRequest.POST("/api/users/me/sip-secret", ""),
                        401, 200, 200, 200),
                new Endpoint("POST /api/auth/refresh", f -> HttpRequest.POST("/api/auth/refresh", ""),
                        401, 200, 200, 200),
                new Endpoint("GET /api/contacts", f -> HttpRequest.GET("/api/contacts"), 401, 200, 200, 200),
                // the owner already holds this contact (409); anyone else may add it
                new Endpoint("POST /api/contacts", f -> HttpRequest.POST("/api/contacts",
                        Map.of("email", f.participant().email())), 401, 409, 201, 201),
                // contact entries are private to their owner, admins included
                new Endpoint("DELETE /api/contacts/{id}", f -> HttpRequest.DELETE("/api/contacts/" + f.contactId()),
                        401, 204, 404, 404),
                new Endpoint("POST /api/contacts/{id}/block", f -> HttpRequest.POST("/api/contacts/" + f.contactId()
                        + "/block", ""), 401, 200, 404, 404),
                new Endpoint("POST /api/contacts/{id}/unblock", f -> HttpRequest.POST("/api/contacts/"
                        + f.contactId() + "/unblock", ""), 401, 200, 404, 404),
                new Endpoint("GET /api/calls", f -> HttpRequest.GET("/api/calls"), 401, 200, 200, 200),
                // click-to-call rings only one's own contacts
                new Endpoint("POST /api/calls", f -> HttpRequest.POST("/api/calls",
                        Map.of("userId", f.participant().id())), 401, 202, 403, 403),
                new Endpoint("GET /api/calls/{id}", f -> HttpRequest.GET("/api/calls/" + f.callId()),
                        401, 200, 404, 200),
                new Endpoint("GET /api/calls/{id}/transcript", f -> HttpRequest.GET("/api/calls/" + f.callId()
                        + "/transcript"), 401, 200, 404, 200),
                new Endpoint("POST /api/calls/{id}/mute", f -> HttpRequest.POST("/api/calls/" + f.callId()
                        + "/mute", ""), 401, 200, 404, 403),
                new Endpoint("POST /api/calls/{id}/unmute", f -> HttpRequest.POST("/api/calls/" + f.callId()
                        + "/unmute", ""), 401, 200, 404, 403),
                new Endpoint("POST /api/calls/{id}/leave", f -> HttpRequest.POST("/api/calls/" + f.callId()
                        + "/leave", ""), 401, 200, 404, 403),
                // strangers cannot tell a call exists (404); an admin sees it but takes no part in it (403);
                // the owner may invite only their contacts (403 for a stranger)
                new Endpoint("POST /api/calls/{id}/participants", f -> HttpRequest.POST("/api/calls/" + f.callId()
                        + "/participants", Map.of("userId", f.other().id())), 401, 403, 404, 403),
                new Endpoint("GET /api/voice/recordings", f -> HttpRequest.GET("/api/voice/recordings"),
                        401, 200, 200, 200),
                new Endpoint("DELETE /api/voice/recordings/{id}", f -> HttpRequest.DELETE(
                        "/api/voice/recordings/987654321"), 401, 404, 404, 404),
                new Endpoint("GET /api/voice/model", f -> HttpRequest.GET("/api/voice/model"), 401, 200, 200, 200),
                // nobody in the fixture has a scored sample to train from, nor a model to delete
                new Endpoint("POST /api/voice/model", f -> HttpRequest.POST("/api/voice/model", ""),
                        401, 400, 400, 400),
                new Endpoint("DELETE /api/voice/model", f -> HttpRequest.DELETE("/api/voice/model"),
                        401, 404, 404, 404),
                new Endpoint("GET /api/admin/users", f -> HttpRequest.GET("/api/admin/users"), 401, 403, 403, 200),
                new Endpoint("GET /api/admin/calls", f -> HttpRequest.GET("/api/admin/calls"), 401, 403, 403, 200),
                new Endpoint("DELETE /api/admin/users/{id}", f -> HttpRequest.DELETE("/api/admin/users/"
                        + f.participant().id()), 401, 403, 403, 204),
                new Endpoint("GET /health", f -> HttpRequest.GET("/health"), 200, 200, 200, 200));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Caller c : Caller.values()) {
                all.add(Arguments.of(e, c, e.expected(c)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("cases")
    void answersEachCallerAsExpected(Endpoint endpoint, Caller caller, int expected) {
        Fixture f = fixture();
        MutableHttpRequest<?> request = endpoint.request().apply(f);
        switch (caller) {
            case ANONYMOUS -> { }
            case OWNER -> auth(request, f.owner());
            case OTHER_USER -> auth(request, f.other());
            case ADMIN -> auth(request, admin());
        }
        var response = exchange(request);
        assertThat(response.code()).as("%s as %s: %s", endpoint, caller, response.getBody(String.class).orElse(""))
                .isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.getContentType()).map(Object::toString).contains("application/problem+json");
        }
    }

    private Fixture fixture() {
        User owner = userWithOwnPassword();
        User participant = newUser("en");
        User other = newUser("ru");
        Map<String, Object> contact = call(auth(HttpRequest.POST("/api/contacts",
                Map.of("email", participant.email())), owner), 201);
        presence.markOnline(participant.id(), "ws:test-" + participant.id(), null);
        long callId = calls.start(owner.id(), participant.id()).id();
        return new Fixture(owner, participant, other, callId, ((Number) contact.get("id")).longValue());
    }

    /** The owner's password differs from everyone else's, so others cannot confirm actions with it. */
    private User userWithOwnPassword() {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        String password = "owner password " + UUID.randomUUID();
        Map<String, Object> body = call(HttpRequest.POST("/api/auth/register", Map.of("email", email,
                "password", password, "fullName", "Owner", "primaryLanguage", "he")), 201);
        return new User(((Number) body.get("id")).longValue(), email, password, login(email, password));
    }

    private synchronized User admin() {
        if (admin == null) {
            String email = "boss-" + UUID.randomUUID() + "@example.com";
            accounts.bootstrapAdmin(email, "admin password");
            String adminEmail = accounts.list(0, 500).stream().filter(u -> u.role() == Role.ADMIN).findFirst()
                    .orElseThrow().email();
            admin = new User(0, adminEmail, "admin password", login(adminEmail, "admin password"));
        }
        return admin;
    }
}
