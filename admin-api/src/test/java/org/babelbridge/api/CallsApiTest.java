package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class CallsApiTest extends ApiTestSupport {

    @Inject
    CallService calls;
    @Inject
    PresenceService presence;
    @Inject
    TranscriptRecorder recorder;
    @Inject
    AccountService accounts;

    @Test
    void addsListsBlocksAndRemovesContacts() {
        User a = newUser("he");
        User b = newUser("en");
        Map<String, Object> added = call(auth(HttpRequest.POST("/api/contacts", Map.of("email", b.email(),
                "name", "Bobby")), a), 201);
        assertThat(added).containsEntry("contactUserId", (int) b.id()).containsEntry("name", "Bobby")
                .containsEntry("primaryLanguage", "en");
        problem(auth(HttpRequest.POST("/api/contacts", Map.of("email", b.email())), a), 409);
        problem(auth(HttpRequest.POST("/api/contacts", Map.of("email", a.email())), a), 400);
        problem(auth(HttpRequest.POST("/api/contacts", Map.of("email", "missing-" + b.email())), a), 404);
        problem(auth(HttpRequest.POST("/api/contacts", Map.of()), a), 400);
        problem(auth(HttpRequest.POST("/api/contacts", Map.of("phoneNumber", "+1 (555) 0100 x")), a), 400);

        assertThat(list(auth(HttpRequest.GET("/api/contacts"), a))).hasSize(1);
        long id = ((Number) added.get("id")).longValue();
        assertThat(call(auth(HttpRequest.POST("/api/contacts/" + id + "/block", ""), a), 200))
                .containsEntry("blocked", true);
        problem(auth(HttpRequest.DELETE("/api/contacts/" + id), b), 404); // not b's entry
        call(auth(HttpRequest.DELETE("/api/contacts/" + id), a), 204);
        assertThat(list(auth(HttpRequest.GET("/api/contacts"), a))).isEmpty();
        problem(auth(HttpRequest.DELETE("/api/contacts/abc"), a), 400);
    }

    @Test
    void findsAContactByPhoneNumber() {
        User a = newUser("ru");
        User b = newUser("ru");
        call(auth(HttpRequest.PATCH("/api/users/me", Map.of("phoneNumber", "+7 912 345 67 89")), b), 200);
        assertThat(call(auth(HttpRequest.POST("/api/contacts", Map.of("phoneNumber", "+79123456789")), a), 201))
                .containsEntry("contactUserId", (int) b.id());
    }

    @Test
    void showsAnEmptyHistoryToANewUser() {
        assertThat(list(auth(HttpRequest.GET("/api/calls"), newUser("en")))).isEmpty();
    }

    @Test
    void showsCallsAndTranscriptsOnlyToTheirParticipants() throws Exception {
        User a = newUser("he");
        User b = newUser("en");
        User outsider = newUser("ru");
        CallSession call = startCall(a, b);
        recorder.record(new TranscriptEntry(UUID.randomUUID(), call.id(), a.id(), Language.HE, "שלום",
                List.of(ListenerText.translated(Language.EN, "Hello")), 1200, new StageLatencies(400, 90, 300)));
        assertThat(recorder.flush(java.time.Duration.ofSeconds(10))).isTrue();

        List<Map<String, Object>> history = list(auth(HttpRequest.GET("/api/calls"), b));
        assertThat(history).extracting(m -> ((Number) m.get("id")).longValue()).contains(call.id());
        Map<String, Object> one = call(auth(HttpRequest.GET("/api/calls/" + call.id()), a), 200);
        assertThat(one).containsEntry("callLanguage", "he").containsEntry("status", "ongoing");
        List<Map<String, Object>> transcript = list(auth(HttpRequest.GET("/api/calls/" + call.id() + "/transcript"),
                b));
        assertThat(transcript).hasSize(2).allSatisfy(t -> assertThat(t).containsEntry("originalText", "שלום")
                .containsEntry("timestampMs", 1200).containsEntry("sttMs", 400));
        assertThat(transcript).anySatisfy(t -> {
            assertThat(t).containsEntry("listenerLanguage", "he");
            assertThat(t.get("translatedText")).isNull();
        });
        assertThat(transcript).anySatisfy(t -> assertThat(t).containsEntry("listenerLanguage", "en")
                .containsEntry("translatedText", "Hello"));

        problem(auth(HttpRequest.GET("/api/calls/" + call.id()), outsider), 404);
        problem(auth(HttpRequest.GET("/api/calls/" + call.id() + "/transcript"), outsider), 404);
        problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), outsider), 403);
        problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/mute", ""), outsider), 403);
        assertThat(list(auth(HttpRequest.GET("/api/calls"), outsider))).isEmpty();
        problem(auth(HttpRequest.GET("/api/calls/999999999"), a), 404);
        problem(auth(HttpRequest.GET("/api/calls/1%20OR%201=1"), a), 400);
        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), a), 200);
    }

    @Test
    void mutesInvitesAndLeaves() {
        User a = newUser("he");
        User b = newUser("en");
        User c = newUser("ru");
        User stranger = newUser("ru");
        CallSession call = startCall(a, b);
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", c.email())), a), 201);
        presence.markOnline(c.id(), "ws:test-c", null);
        presence.markOnline(stranger.id(), "ws:test-s", null);

        Map<String, Object> muted = call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/mute", ""), a), 200);
        assertThat(participants(muted)).filteredOn(p -> ((Number) p.get("userId")).longValue() == a.id())
                .singleElement().satisfies(p -> assertThat(p).containsEntry("muted", true));
        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/unmute", ""), a), 200);

        Map<String, Object> p = problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants",
                Map.of("userId", stranger.id())), a), 403);
        assertThat(p.get("title")).isEqualTo("Contact not authorized");
        Map<String, Object> three = call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants",
                Map.of("email", c.email())), a), 200);
        assertThat(participants(three)).hasSize(3);
        problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants", Map.of()), a), 400);

        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), c), 200);
        Map<String, Object> ended = call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), b), 200);
        assertThat(ended).containsEntry("status", "ended").containsEntry("active", false);
        assertThat(ended.get("durationSeconds")).isNotNull();
        Map<String, Object> notActive = problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants",
                Map.of("email", c.email())), a), 409);
        assertThat(notActive.get("title")).isEqualTo("Call is not active");
    }

    @Test
    void letsOnlyAdminsAdminister() {
        accounts.bootstrapAdmin("boss-" + UUID.randomUUID() + "@example.com", "admin password");
        String adminEmail = accounts.list(0, 500).stream().filter(u -> u.role() == org.babelbridge.calls.Role.ADMIN)
                .findFirst().orElseThrow().email();
        User admin = new User(0, adminEmail, "admin password", login(adminEmail, "admin password"));
        User u = newUser("en");
        User v = newUser("he");
        CallSession call = startCall(u, v);

        problem(auth(HttpRequest.GET("/api/admin/users"), u), 403);
        problem(auth(HttpRequest.GET("/api/admin/calls"), u), 403);
        problem(auth(HttpRequest.DELETE("/api/admin/users/" + v.id()), u), 403);

        assertThat(list(auth(HttpRequest.GET("/api/admin/users?size=500"), admin)))
                .extracting(m -> m.get("email")).contains(u.email(), v.email());
        assertThat(list(auth(HttpRequest.GET("/api/admin/calls"), admin)))
                .extracting(m -> ((Number) m.get("id")).longValue()).contains(call.id());
        call(auth(HttpRequest.GET("/api/calls/" + call.id()), admin), 200);
        problem(auth(HttpRequest.GET("/api/admin/users?size=100000"), admin), 400);

        call(auth(HttpRequest.DELETE("/api/admin/users/" + v.id()), admin), 204);
        problem(auth(HttpRequest.DELETE("/api/admin/users/" + v.id()), admin), 404);
        problem(auth(HttpRequest.GET("/api/users/me"), v), 401); // the token outlives the account, not its access
        assertThat(call(auth(HttpRequest.GET("/api/calls/" + call.id()), u), 200)).containsEntry("status", "ended");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> participants(Map<String, Object> call) {
        return (List<Map<String, Object>>) call.get("participants");
    }

    private CallSession startCall(User caller, User callee) {
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", callee.email())), caller), 201);
        presence.markOnline(callee.id(), "ws:test-" + callee.id(), null);
        return calls.start(caller.id(), callee.id());
    }
}
