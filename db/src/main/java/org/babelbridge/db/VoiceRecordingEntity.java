package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code voice_recordings}: one uploaded voice sample. Times are UTC. */
@MappedEntity("voice_recordings")
public record VoiceRecordingEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer userId,
        String language,
        String textContent,
        String filePath,
        @Nullable Integer fileSizeBytes,
        @Nullable Integer qualityScore,
        @Nullable Boolean isProcessed,
        @Nullable LocalDateTime processedAt,
        @Nullable Boolean usedForTraining,
        @Nullable LocalDateTime createdAt,
        @Nullable Integer durationMs) {
}
