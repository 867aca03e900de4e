package org.babelbridge.speech.pipeline;

import java.util.Objects;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.ClonedVoiceModel;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * A call participant as the dubbing pipeline sees them: who, which language they speak and hear,
 * and how their voice sounds (a measured or neutral profile, and optionally a cloned voice).
 *
 * @param clonedVoice the speaker's trained clone, or {@code null}
 */
public record Participant(String id, Language language, VoiceProfile profile, ClonedVoiceModel clonedVoice) {

    public Participant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(profile, "profile");
    }

    /** A participant without a cloned voice. */
    public static Participant of(String id, Language language, VoiceProfile profile) {
        return new Participant(id, language, profile, null);
    }

    /**
     * The voice to dub this participant's speech in: the clone when it exists, was consented to,
     * scores above {@code minCloneQuality} and a cloning engine is available; otherwise a standard
     * voice shaped by the profile.
     */
    public Voice dubbingVoice(int minCloneQuality, boolean cloningAvailable) {
        if (cloningAvailable && clonedVoice != null && clonedVoice.consented()
                && clonedVoice.qualityScore() > minCloneQuality) {
            return new Voice.Cloned(clonedVoice.voiceId(), profile);
        }
        return new Voice.Standard(profile);
    }

    /** The same participant without a cloned voice. */
    public Participant withoutClonedVoice() {
        return new Participant(id, language, profile, null);
    }
}
