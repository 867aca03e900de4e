package org.babelbridge.calls;

import java.time.Instant;

/**
 * The state of a user's voice model: {@code none} (never requested), {@code pending}, {@code training},
 * {@code ready} or {@code failed}; {@code qualityScore} 1-100 once ready. {@code modelRef} is the cloning
 * engine's voice id when the reference audio was registered with one; the three profile figures (median F0 in
 * Hz, F0 range in semitones, syllables per second) are set together once the profile was measured.
 */
public record VoiceModelStatus(long userId, String status, String engine, Integer qualityScore, String errorMessage,
                               Instant updatedAt, String modelRef, Double medianF0Hz, Double f0RangeSemitones,
                               Double syllablesPerSecond) {

    public static VoiceModelStatus none(long userId) {
        return new VoiceModelStatus(userId, "none", null, null, null, null, null, null, null, null);
    }

    /** Whether a measured voice profile is stored. */
    public boolean hasProfile() {
        return medianF0Hz != null && f0RangeSemitones != null && syllablesPerSecond != null;
    }
}
