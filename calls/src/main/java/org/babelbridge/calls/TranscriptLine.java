package org.babelbridge.calls;

import java.time.Instant;
import java.util.UUID;

/** One stored transcript row: an utterance as heard in {@code listenerLanguage}. */
public record TranscriptLine(long id, long callId, UUID utteranceId, Long speakerUserId, Language originalLanguage,
                             String originalText, Language listenerLanguage, String translatedText,
                             boolean untranslated, Integer timestampMs, StageLatencies latencies,
                             Instant createdAt) {
}
