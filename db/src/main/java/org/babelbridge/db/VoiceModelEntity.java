package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/**
 * A row of {@code voice_models}: the training status of one user's voice model, the cloning engine's reference
 * ({@code modelRef}) and the measured voice profile. Times are UTC.
 */
@MappedEntity("voice_models")
public record VoiceModelEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer userId,
        String status,
        @Nullable String engine,
        @Nullable String modelRef,
        @Nullable Integer qualityScore,
        @Nullable String errorMessage,
        LocalDateTime createdAt,
        LocalDateTime updatedAt,
        @Nullable Double medianF0Hz,
        @Nullable Double f0RangeSemitones,
        @Nullable Double syllablesPerSecond) {
}
