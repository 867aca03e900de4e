package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code calls}. {@code callerUserId} is null once the caller's account is deleted. Times are UTC. */
@MappedEntity("calls")
public record CallEntity(
        @Id @GeneratedValue @Nullable Integer id,
        @Nullable Integer callerUserId,
        String callLanguage,
        @Nullable Boolean isActive,
        String status,
        @Nullable LocalDateTime startedAt,
        @Nullable LocalDateTime endedAt,
        @Nullable Integer durationSeconds,
        @Nullable Integer participantCount,
        @Nullable LocalDateTime createdAt,
        @Nullable String notes) {
}
