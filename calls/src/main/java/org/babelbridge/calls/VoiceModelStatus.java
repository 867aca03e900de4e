package org.babelbridge.calls;

import java.time.Instant;

/**
 * The state of a user's voice model: {@code none} (never requested), {@code pending}, {@code training},
 * {@code ready} or {@code failed}; {@code qualityScore} 1-100 once ready.
 */
public record VoiceModelStatus(long userId, String status, String engine, Integer qualityScore, String errorMessage,
                               Instant updatedAt) {

    public static VoiceModelStatus none(long userId) {
        return new VoiceModelStatus(userId, "none", null, null, null, null);
    }
}
