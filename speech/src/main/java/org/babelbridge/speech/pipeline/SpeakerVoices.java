package org.babelbridge.speech.pipeline;

import org.babelbridge.speech.Language;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * How each call participant is dubbed: their measured voice profile (or a neutral one) and, when they trained
 * a clone and consented to its use, their cloned voice. Looked up when a participant joins a call, not per
 * utterance. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SpeakerVoices {

    /** Everyone in the neutral standard voice: for deployments without enrolment. */
    SpeakerVoices NEUTRAL = (id, language) -> Participant.of(id, language, VoiceProfile.NEUTRAL_MALE);

    /** The participant {@code id} (the user id as text), who speaks and hears {@code language}. */
    Participant participant(String id, Language language);
}
