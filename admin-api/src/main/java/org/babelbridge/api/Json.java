package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.babelbridge.calls.CallParticipant;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.Contact;
import org.babelbridge.calls.TranscriptLine;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.VoiceModelStatus;
import org.babelbridge.calls.VoiceRecording;

/** The REST API's request and response bodies (camelCase JSON). */
final class Json {

    private Json() {
    }

    @Serdeable
    record RegisterRequest(@NotBlank @Email @Size(max = 255) String email,
                           @NotBlank @Size(min = 8, max = 128) String password,
                           @NotBlank @Size(max = 255) String fullName,
                           @NotBlank @Size(max = 10) String primaryLanguage,
                           @Nullable @Size(max = 32) String phoneNumber) {
    }

    @Serdeable
    record LoginRequest(@NotBlank @Size(max = 255) String email, @NotBlank @Size(max = 1024) String password) {
    }

    @Serdeable
    record TokenResponse(String accessToken, String tokenType, int expiresIn) {
    }

    /** Partial update; {@code primaryLanguage} is accepted only when unchanged (it is immutable). */
    @Serdeable
    record ProfilePatch(@Nullable @Size(max = 255) String fullName, @Nullable @Size(max = 32) String phoneNumber,
                        @Nullable @Size(max = 500) String avatarUrl, @Nullable @Size(max = 500) String bio,
                        @Nullable @Size(min = 8, max = 128) String password,
                        @Nullable @Size(max = 10) String primaryLanguage) {
    }

    @Serdeable
    record UserView(long id, String email, @Nullable String phoneNumber, String fullName, String primaryLanguage,
                    String role, boolean online, @Nullable Instant lastSeen, boolean hasVoiceSample,
                    boolean voiceModelTrained, @Nullable Integer voiceQualityScore, @Nullable String avatarUrl,
                    @Nullable String bio, @Nullable String sipUsername, @Nullable Instant createdAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.id(), u.email(), u.phoneNumber(), u.fullName(), u.primaryLanguage().code(),
                    u.role().code(), u.online(), u.lastSeen(), u.hasVoiceSample(), u.voiceModelTrained(),
                    u.voiceQualityScore(), u.avatarUrl(), u.bio(), u.sipUsername(), u.createdAt());
        }
    }

    @Serdeable
    record SipSecretView(String sipUsername, String secret, String realm) {
    }

    @Serdeable
    record ContactRequest(@Nullable @Email @Size(max = 255) String email, @Nullable @Size(max = 32) String phoneNumber,
                          @Nullable @Size(max = 255) String name) {
    }

    @Serdeable
    record ContactView(long id, long contactUserId, @Nullable String name, String email, String fullName,
                       String primaryLanguage, boolean online, boolean blocked, @Nullable Instant addedAt) {
        static ContactView of(Contact c) {
            return new ContactView(c.id(), c.contactUserId(), c.contactName(), c.email(), c.fullName(),
                    c.primaryLanguage().code(), c.online(), c.blocked(), c.addedAt());
        }
    }

    /** Click-to-call: the contact to call, by {@code userId}, {@code email} or {@code phoneNumber}. */
    @Serdeable
    record PlaceCallRequest(@Nullable @Positive Long userId, @Nullable @Email @Size(max = 255) String email,
                            @Nullable @Size(max = 32) String phoneNumber) {
    }

    /**
     * A click-to-call under way: the caller's phone is ringing; the call appears in {@code GET /api/calls}
     * once the callee answers.
     */
    @Serdeable
    record PlacedCallView(String state, long callerUserId, long calleeUserId) {
    }

    @Serdeable
    record InviteRequest(@Nullable @Email @Size(max = 255) String email, @Nullable @Positive Long userId) {
    }

    @Serdeable
    record ParticipantView(long userId, @Nullable String fullName, String language, Instant joinedAt,
                           @Nullable Instant leftAt, boolean muted, boolean dubbingRequired, boolean useVoiceClone,
                           String voiceCloneQuality) {
        static ParticipantView of(CallParticipant p) {
            return new ParticipantView(p.userId(), p.fullName(), p.language().code(), p.joinedAt(), p.leftAt(),
                    p.muted(), p.dubbingRequired(), p.useVoiceClone(), p.voiceCloneQuality().code());
        }
    }

    @Serdeable
    record CallView(long id, @Nullable Long callerUserId, String callLanguage, String status, boolean active,
                    Instant startedAt, @Nullable Instant endedAt, @Nullable Integer durationSeconds,
                    int participantCount, @Nullable String notes, List<ParticipantView> participants) {
        static CallView of(CallSession c) {
            return new CallView(c.id(), c.callerUserId(), c.callLanguage().code(), c.status().code(), c.active(),
                    c.startedAt(), c.endedAt(), c.durationSeconds(), c.participantCount(), c.notes(),
                    c.participants().stream().map(ParticipantView::of).toList());
        }
    }

    @Serdeable
    record TranscriptView(long id, @Nullable Long speakerUserId, String originalLanguage, String originalText,
                          @Nullable String listenerLanguage, @Nullable String translatedText, boolean untranslated,
                          @Nullable Integer timestampMs, @Nullable Integer sttMs, @Nullable Integer mtMs,
                          @Nullable Integer ttsFirstAudioMs) {
        static TranscriptView of(TranscriptLine t) {
            return new TranscriptView(t.id(), t.speakerUserId(), t.originalLanguage().code(), t.originalText(),
                    t.listenerLanguage() == null ? null : t.listenerLanguage().code(), t.translatedText(),
                    t.untranslated(), t.timestampMs(), t.latencies().sttMs(), t.latencies().mtMs(),
                    t.latencies().ttsFirstAudioMs());
        }
    }

    @Serdeable
    record RecordingView(long id, String language, String textContent, @Nullable Integer fileSizeBytes,
                         @Nullable Integer durationMs, @Nullable Integer qualityScore, boolean processed,
                         boolean usedForTraining, @Nullable Instant createdAt) {
        static RecordingView of(VoiceRecording r) {
            return new RecordingView(r.id(), r.language().code(), r.textContent(), r.fileSizeBytes(), r.durationMs(),
                    r.qualityScore(), r.processed(), r.usedForTraining(), r.createdAt());
        }
    }

    @Serdeable
    record VoiceModelView(String status, @Nullable String engine, @Nullable Integer qualityScore,
                          @Nullable String errorMessage, @Nullable Instant updatedAt, boolean cloned,
                          @Nullable Double medianF0Hz, @Nullable Double f0RangeSemitones,
                          @Nullable Double syllablesPerSecond) {
        static VoiceModelView of(VoiceModelStatus m) {
            return new VoiceModelView(m.status(), m.engine(), m.qualityScore(), m.errorMessage(), m.updatedAt(),
                    m.modelRef() != null, m.medianF0Hz(), m.f0RangeSemitones(), m.syllablesPerSecond());
        }
    }

    @Serdeable
    record HealthView(String status, String database) {
    }
}
