package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code call_participants}; {@code leftAt == null} means still in the call. Times are UTC. */
@MappedEntity("call_participants")
public record CallParticipantEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer callId,
        Integer userId,
        String participantLanguage,
        @Nullable LocalDateTime joinedAt,
        @Nullable LocalDateTime leftAt,
        @Nullable Boolean isMuted,
        @Nullable Boolean dubbingRequired,
        @Nullable Boolean useVoiceClone,
        @Nullable String voiceCloneQuality,
        @Nullable String notes) {

    /** This participant with another id (an update of an existing row). */
    public CallParticipantEntity withId(Integer newId) {
        return new CallParticipantEntity(newId, callId, userId, participantLanguage, joinedAt, leftAt, isMuted,
                dubbingRequired, useVoiceClone, voiceCloneQuality, notes);
    }
}
