package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Role;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class CallMetricsApiTest extends ApiTestSupport {

    /** Live counters as the server's media engine would report them for any call. */
    @Singleton
    @Requires(property = "test.live-call-media", value = "true")
    static final class FixedLiveMedia implements LiveCallMedia {
        volatile long userId;

        @Override
        public List<LegRtp> legs(long callId) {
            return List.of(new LegRtp(userId, 990, 10, 4.5, 2, 10, 60, 1000, 1));
        }
    }

    @Inject
    CallService calls;
    @Inject
    PresenceService presence;
    @Inject
    TranscriptRecorder recorder;
    @Inject
    AccountService accounts;
    @Inject
    FixedLiveMedia liveMedia;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("test.live-call-media", "true");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsStageLatenciesPerUtteranceAndRtpStatsPerLegToParticipants() throws Exception {
        User a = newUser("en");
        User b = newUser("ru");
        CallSession call = startCall(a, b);
        liveMedia.userId = a.id();
        UUID utterance = UUID.randomUUID();
        recorder.record(new TranscriptEntry(utterance, call.id(), a.id(), Language.EN, "All circuits are busy now",
                List.of(ListenerText.translated(Language.RU, "Все линии заняты")), 1500,
                new StageLatencies(420, 3, 85)));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

        Map<String, Object> metrics = call(auth(HttpRequest.GET("/api/calls/" + call.id() + "/metrics"), b), 200);

        assertThat(metrics).containsEntry("active", true).containsEntry("mediaLive", true);
        assertThat((List<Map<String, Object>>) metrics.get("utterances")).singleElement().satisfies(u -> {
            assertThat(u).containsEntry("utteranceId", utterance.toString()).containsEntry("sttMs", 420)
                    .containsEntry("language", "en").containsEntry("timestampMs", 1500);
            assertThat((List<Map<String, Object>>) u.get("listeners")).singleElement().satisfies(l ->
                    assertThat(l).containsEntry("language", "ru").containsEntry("mtMs", 3)
                            .containsEntry("ttsFirstAudioMs", 85).containsEntry("untranslated", false));
        });
        assertThat((List<Map<String, Object>>) metrics.get("legs")).singleElement().satisfies(leg -> {
            assertThat(((Number) leg.get("userId")).longValue()).isEqualTo(a.id());
            assertThat(((Number) leg.get("lossPercent")).doubleValue()).isEqualTo(1.0);
            assertThat(((Number) leg.get("jitterMs")).doubleValue()).isEqualTo(4.5);
            assertThat(leg).containsEntry("late", 2).containsEntry("playoutDelayMs", 60);
        });
    }

    @Test
    void hidesTheMetricsFromOutsidersButShowsThemToAdmins() {
        User a = newUser("en");
        User b = newUser("he");
        User outsider = newUser("en");
        CallSession call = startCall(a, b);
        accounts.bootstrapAdmin("metrics-admin-" + UUID.randomUUID() + "@example.com", "admin password");
        String adminEmail = accounts.list(0, 500).stream().filter(u -> u.role() == Role.ADMIN)
                .findFirst().orElseThrow().email();
        User admin = new User(0, adminEmail, "admin password", login(adminEmail, "admin password"));

        problem(auth(HttpRequest.GET("/api/calls/" + call.id() + "/metrics"), outsider), 404);
        problem(auth(HttpRequest.GET("/api/calls/999999999/metrics"), a), 404);
        assertThat(exchange(HttpRequest.GET("/api/calls/" + call.id() + "/metrics")).code()).isEqualTo(401);
        assertThat(call(auth(HttpRequest.GET("/api/calls/" + call.id() + "/metrics"), admin), 200))
                .containsEntry("callId", (int) call.id());
    }

    private CallSession startCall(User caller, User callee) {
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", callee.email())), caller), 201);
        presence.markOnline(callee.id(), "ws:test-" + callee.id(), null);
        return calls.start(caller.id(), callee.id());
    }
}
