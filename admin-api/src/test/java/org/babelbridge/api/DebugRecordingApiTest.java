package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.Role;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class DebugRecordingApiTest extends ApiTestSupport {

    /** Recordings as the server would keep them; call 77 has live media here, others do not. */
    @Singleton
    @Requires(property = "test.debug-recording", value = "true")
    static final class FakeRecording implements DebugRecording {
        volatile boolean allowed = true;
        final Set<Long> recording = ConcurrentHashMap.newKeySet();

        @Override
        public boolean allowed() {
            return allowed;
        }

        @Override
        public Optional<Status> start(long callId) {
            if (callId != 77) {
                return Optional.empty();
            }
            recording.add(callId);
            return Optional.of(new Status(callId, true, "data/debug-recordings/call-77", 0, 0));
        }

        @Override
        public Optional<Status> stop(long callId) {
            return recording.remove(callId) ? Optional.of(new Status(callId, false, "data/debug-recordings/call-77", 500, 0))
                    : Optional.empty();
        }

        @Override
        public Optional<Status> status(long callId) {
            return recording.contains(callId)
                    ? Optional.of(new Status(callId, true, "data/debug-recordings/call-77", 250, 0)) : Optional.empty();
        }
    }

    @Inject
    AccountService accounts;
    @Inject
    FakeRecording recordings;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("test.debug-recording", "true");
    }

    @Test
    void anAdminStartsAndStopsTheDebugRecordingOfALiveCall() {
        User admin = admin();
        recordings.allowed = true;

        Map<String, Object> started = call(auth(HttpRequest.POST("/api/calls/77/debug-recording", ""), admin), 201);
        assertThat(started).containsEntry("callId", 77).containsEntry("recording", true);
        assertThat(call(auth(HttpRequest.GET("/api/calls/77/debug-recording"), admin), 200))
                .containsEntry("framesWritten", 250);
        assertThat(call(auth(HttpRequest.DELETE("/api/calls/77/debug-recording"), admin), 200))
                .containsEntry("recording", false);
        problem(auth(HttpRequest.POST("/api/calls/78/debug-recording", ""), admin), 404);
    }

    @Test
    void participantsCannotRecordAndNobodyCanWhereTheOperatorDidNotAllowIt() {
        User user = newUser("en");
        recordings.allowed = true;
        assertThat(exchange(auth(HttpRequest.POST("/api/calls/77/debug-recording", ""), user)).code()).isEqualTo(403);
        assertThat(exchange(HttpRequest.POST("/api/calls/77/debug-recording", "")).code()).isEqualTo(401);

        recordings.allowed = false;
        problem(auth(HttpRequest.POST("/api/calls/77/debug-recording", ""), admin()), 403);
        recordings.allowed = true;
        assertThat(recordings.recording).isEmpty();
    }

    private User admin() {
        accounts.bootstrapAdmin("debug-admin-" + UUID.randomUUID() + "@example.com", "admin password");
        String adminEmail = accounts.list(0, 500).stream().filter(u -> u.role() == Role.ADMIN)
                .findFirst().orElseThrow().email();
        return new User(0, adminEmail, "admin password", login(adminEmail, "admin password"));
    }
}
