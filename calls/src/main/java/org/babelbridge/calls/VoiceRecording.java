package org.babelbridge.calls;

import java.time.Instant;

/** One uploaded voice sample. {@code qualityScore} (1-100) is null until the sample has been assessed. */
public record VoiceRecording(long id, long userId, Language language, String textContent, String filePath,
                             Integer fileSizeBytes, Integer durationMs, Integer qualityScore, boolean processed,
                             boolean usedForTraining, Instant createdAt) {
}
