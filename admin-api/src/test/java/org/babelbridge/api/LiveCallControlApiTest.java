package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.PresenceService;
import org.junit.jupiter.api.Test;

/** The call endpoints act on calls a signalling front carries through it, and on the record alone otherwise. */
@MicronautTest(transactional = false)
class LiveCallControlApiTest extends ApiTestSupport {

    @Inject
    CallService calls;
    @Inject
    PresenceService presence;
    @Inject
    RecordingLiveCallControl live;

    @Test
    void invitingIntoALiveCallRingsThePhoneAndAddsNobodyUntilTheyAnswer() {
        User a = newUser("en");
        User b = newUser("ru");
        User c = newUser("he");
        CallSession call = liveCall(a, b);
        addContact(a, c);
        presence.markOnline(c.id(), "ws:test-" + c.id(), null);

        Map<String, Object> view = call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants",
                Map.of("userId", c.id())), a), 200);

        assertThat(live.requests).contains("invite " + call.id() + " " + a.id() + " " + c.id());
        assertThat((List<?>) view.get("participants")).hasSize(2);
        assertThat(calls.find(call.id()).orElseThrow().activeUserIds()).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void refusesToRingANonContactIntoALiveCall() {
        User a = newUser("en");
        User b = newUser("ru");
        User stranger = newUser("he");
        CallSession call = liveCall(a, b);

        problem(auth(HttpRequest.POST("/api/calls/" + call.id() + "/participants",
                Map.of("userId", stranger.id())), a), 403);

        assertThat(live.requests).noneMatch(r -> r.startsWith("invite " + call.id() + " "));
    }

    @Test
    void leavingALiveCallHangsUpThePhone() {
        User a = newUser("en");
        User b = newUser("ru");
        CallSession call = liveCall(a, b);

        Map<String, Object> view = call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), b), 200);

        assertThat(live.requests).contains("hangUp " + call.id() + " " + b.id());
        assertThat(view).containsEntry("active", false);
    }

    @Test
    void mutingALiveCallRecordsItAndSilencesTheMedia() {
        User a = newUser("en");
        User b = newUser("ru");
        CallSession call = liveCall(a, b);

        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/mute", ""), a), 200);
        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/unmute", ""), a), 200);

        assertThat(live.requests).containsSubsequence("setMuted " + call.id() + " " + a.id() + " true",
                "setMuted " + call.id() + " " + a.id() + " false");
    }

    @Test
    void callsNoFrontCarriesChangeOnlyTheRecord() {
        User a = newUser("en");
        User b = newUser("ru");
        addContact(a, b);
        presence.markOnline(b.id(), "ws:test-" + b.id(), null);
        CallSession call = calls.start(a.id(), b.id());

        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/mute", ""), a), 200);
        call(auth(HttpRequest.POST("/api/calls/" + call.id() + "/leave", ""), b), 200);

        assertThat(live.requests).noneMatch(r -> r.split(" ")[1].equals(String.valueOf(call.id())));
        assertThat(calls.find(call.id()).orElseThrow().active()).isFalse();
    }

    private CallSession liveCall(User caller, User callee) {
        addContact(caller, callee);
        presence.markOnline(callee.id(), "ws:test-" + callee.id(), null);
        CallSession call = calls.start(caller.id(), callee.id());
        live.carry(call.id());
        return call;
    }

    private void addContact(User owner, User contact) {
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", contact.email())), owner), 201);
    }
}
