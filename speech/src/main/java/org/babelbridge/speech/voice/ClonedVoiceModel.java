package org.babelbridge.speech.voice;

import java.util.Objects;

/**
 * A speaker's trained voice on a cloning engine: the engine's voice id, the enrolment quality
 * (1-100) and whether the speaker consented to its use.
 */
public record ClonedVoiceModel(String voiceId, int qualityScore, boolean consented) {

    public ClonedVoiceModel {
        Objects.requireNonNull(voiceId, "voiceId");
        if (qualityScore < 0 || qualityScore > 100) {
            throw new IllegalArgumentException("qualityScore must be within 0..100, was " + qualityScore);
        }
    }
}
