package org.babelbridge.speech.tts;

import java.util.Objects;
import org.babelbridge.speech.voice.VoiceProfile;

/** The voice to speak in: a standard voice shaped by a profile, or a speaker's cloned voice. */
public sealed interface Voice permits Voice.Standard, Voice.Cloned {

    /** The speaker's measured (or a neutral) profile; cloning engines may ignore it. */
    VoiceProfile profile();

    /** A standard engine voice shaped by {@code profile} (pitch, range, rate). */
    record Standard(VoiceProfile profile) implements Voice {
        public Standard {
            Objects.requireNonNull(profile, "profile");
        }
    }

    /** A cloned voice registered with a cloning engine under {@code voiceId}. */
    record Cloned(String voiceId, VoiceProfile profile) implements Voice {
        public Cloned {
            Objects.requireNonNull(voiceId, "voiceId");
            Objects.requireNonNull(profile, "profile");
        }
    }
}
