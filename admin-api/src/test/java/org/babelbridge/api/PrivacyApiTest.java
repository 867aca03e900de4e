package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.ListenerText;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Role;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class PrivacyApiTest extends ApiTestSupport {

    @Inject
    AccountService accounts;
    @Inject
    CallService calls;
    @Inject
    PresenceService presence;
    @Inject
    TranscriptRecorder recorder;
    @Inject
    RetentionJob retentionJob;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("babel.retention.transcripts-days", "30", "babel.retention.voice-recordings-days", "90",
                "babel.retention.initial-delay", "1h");
    }

    @Test
    void deletingAnAccountRemovesItsVoiceDataButKeepsTheOthersHistoryAnonymised() throws Exception {
        User leaver = newUser("he");
        User stayer = newUser("en");
        long recordingId = uploadSample(leaver);
        assertThat(samplesOf(leaver)).hasSize(1);
        long callId = callWithTranscript(leaver, stayer, "שלום", "Hello");

        call(auth(HttpRequest.DELETE("/api/admin/users/" + leaver.id()), admin()), 204);

        assertThat(samplesOf(leaver)).as("encrypted files removed from disk").isEmpty();
        assertThat(count("SELECT count(*) FROM voice_recordings WHERE id = " + recordingId)).isZero();
        List<Map<String, Object>> transcript = list(auth(HttpRequest.GET("/api/calls/" + callId + "/transcript"),
                stayer));
        assertThat(transcript).isNotEmpty().allSatisfy(t -> assertThat(t.get("speakerUserId")).isNull());
        assertThat(transcript).anySatisfy(t -> assertThat(t).containsEntry("translatedText", "Hello"));
        problem(auth(HttpRequest.GET("/api/users/me"), leaver), 401);
    }

    @Test
    void letsUsersDeleteTheirOwnAccountOnlyWithTheirPassword() throws Exception {
        User leaver = newUser("ru");
        User stayer = newUser("he");
        uploadSample(leaver);
        long callId = callWithTranscript(leaver, stayer, "привет", "שלום");

        problem(auth(HttpRequest.DELETE("/api/users/me", Map.of("password", "not my password")), leaver), 401);
        problem(HttpRequest.DELETE("/api/users/me", Map.of("password", leaver.password())), 401);
        assertThat(samplesOf(leaver)).hasSize(1);

        call(auth(HttpRequest.DELETE("/api/users/me", Map.of("password", leaver.password())), leaver), 204);
        assertThat(samplesOf(leaver)).isEmpty();
        problem(HttpRequest.POST("/api/auth/login", Map.of("email", leaver.email(), "password", leaver.password())),
                401);
        assertThat(list(auth(HttpRequest.GET("/api/calls/" + callId + "/transcript"), stayer))).isNotEmpty()
                .allSatisfy(t -> assertThat(t.get("speakerUserId")).isNull());
    }

    @Test
    void retentionJobDeletesOnlyExpiredTranscriptsAndSamples() throws Exception {
        User a = newUser("ru");
        User b = newUser("en");
        long oldCall = callWithTranscript(a, b, "старый", "old");
        long newCall = callWithTranscript(b, a, "new", "новый");
        long oldSample = uploadSample(a);
        long newSample = uploadSample(b);
        execute("UPDATE call_transcripts SET created_at = now() - interval '31 days' WHERE call_id = " + oldCall);
        execute("UPDATE voice_recordings SET created_at = now() - interval '91 days' WHERE id = " + oldSample);
        execute("UPDATE voice_recordings SET created_at = now() - interval '89 days' WHERE id = " + newSample);

        retentionJob.run();

        assertThat(count("SELECT count(*) FROM call_transcripts WHERE call_id = " + oldCall)).isZero();
        assertThat(count("SELECT count(*) FROM call_transcripts WHERE call_id = " + newCall)).isPositive();
        assertThat(count("SELECT count(*) FROM voice_recordings WHERE id = " + oldSample)).isZero();
        assertThat(count("SELECT count(*) FROM voice_recordings WHERE id = " + newSample)).isOne();
        assertThat(samplesOf(a)).isEmpty();
        assertThat(samplesOf(b)).hasSize(1);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), a), 200)).containsEntry("hasVoiceSample", false);
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), b), 200)).containsEntry("hasVoiceSample", true);
    }

    private long uploadSample(User u) throws Exception {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "sample.wav", MediaType.of("audio/wav"), VoiceApiTest.wav(16.0)).build();
        Map<String, Object> r = call(auth(HttpRequest.POST("/api/voice/recordings", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE), u), 201);
        return ((Number) r.get("id")).longValue();
    }

    private List<Path> samplesOf(User u) throws Exception {
        Path dir = dataDir.resolve("voice").resolve(Long.toString(u.id()));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private long callWithTranscript(User speaker, User listener, String said, String heard) throws Exception {
        call(auth(HttpRequest.POST("/api/contacts", Map.of("email", listener.email())), speaker), 201);
        presence.markOnline(listener.id(), "ws:test-" + listener.id(), null);
        long callId = calls.start(speaker.id(), listener.id()).id();
        Language from = Language.fromCode((String) call(auth(HttpRequest.GET("/api/users/me"), speaker), 200)
                .get("primaryLanguage"));
        Language to = Language.fromCode((String) call(auth(HttpRequest.GET("/api/users/me"), listener), 200)
                .get("primaryLanguage"));
        recorder.record(new TranscriptEntry(UUID.randomUUID(), callId, speaker.id(), from, said,
                List.of(ListenerText.translated(to, heard)), 800, new StageLatencies(300, 80, 250)));
        assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
        calls.leave(callId, speaker.id());
        return callId;
    }

    private User admin() {
        String email = "boss-" + UUID.randomUUID() + "@example.com";
        accounts.bootstrapAdmin(email, "admin password");
        String adminEmail = accounts.list(0, 500).stream().filter(u -> u.role() == Role.ADMIN).findFirst()
                .orElseThrow().email();
        return new User(0, adminEmail, "admin password", login(adminEmail, "admin password"));
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
