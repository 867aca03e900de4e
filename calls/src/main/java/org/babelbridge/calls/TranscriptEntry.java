package org.babelbridge.calls;

import java.util.List;
import java.util.UUID;

/**
 * One recognised utterance and what each listener language got from it (DESIGN §3 rule 9): stored as one row
 * for the speaker's own language (no translated text) plus one row per other listener language in
 * {@code listeners}. {@code utteranceId} makes writes idempotent (a replay never duplicates rows);
 * {@code timestampMs} is relative to the call start.
 */
public record TranscriptEntry(UUID utteranceId, long callId, Long speakerUserId, Language originalLanguage,
                              String originalText, List<ListenerText> listeners, long timestampMs,
                              StageLatencies latencies) {

    public TranscriptEntry {
        if (utteranceId == null || originalLanguage == null || originalText == null) {
            throw new IllegalArgumentException("utteranceId, originalLanguage and originalText are required");
        }
        if (timestampMs < 0 || timestampMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timestampMs out of range: " + timestampMs);
        }
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        latencies = latencies == null ? StageLatencies.NONE : latencies;
    }

    /** The rows to store: the original first, then one per other distinct listener language. */
    List<ListenerText> rows() {
        java.util.Map<Language, ListenerText> byLanguage = new java.util.LinkedHashMap<>();
        byLanguage.put(originalLanguage, ListenerText.original(originalLanguage));
        for (ListenerText l : listeners) {
            byLanguage.putIfAbsent(l.listenerLanguage(), l);
        }
        return List.copyOf(byLanguage.values());
    }
}
