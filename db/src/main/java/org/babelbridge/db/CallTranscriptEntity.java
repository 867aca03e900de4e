package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * A row of {@code call_transcripts}: one utterance as heard in one listener language.
 * {@code translatedText} is null for the speaker's own language and when {@code untranslated}.
 */
@MappedEntity("call_transcripts")
public record CallTranscriptEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer callId,
        @Nullable Integer speakerUserId,
        String originalLanguage,
        String originalText,
        @Nullable String translatedText,
        @Nullable Integer timestampMs,
        @Nullable String audioFilePath,
        @Nullable LocalDateTime createdAt,
        @Nullable UUID utteranceId,
        @Nullable String listenerLanguage,
        boolean untranslated,
        @Nullable Integer sttMs,
        @Nullable Integer mtMs,
        @Nullable Integer ttsFirstAudioMs) {
}
