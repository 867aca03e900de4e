package org.babelbridge.speech.voice;

/**
 * Registers a speaker's reference recording with a voice-cloning engine, and removes it again (voice
 * references are biometric data). Thread-safe.
 */
public interface VoiceCloner {

    /**
     * Uploads reference audio (16 kHz mono PCM, typically 15-30 s of clean speech) and returns the
     * voice id that the cloning synthesizer accepts in {@link org.babelbridge.speech.tts.Voice.Cloned}.
     */
    String register(String speakerId, short[] referencePcm);

    /**
     * Deletes everything kept for {@code voiceId}, here and at the engine. Deleting a voice that is already
     * gone is not an error.
     *
     * @throws org.babelbridge.speech.SpeechEngineException if the engine could not be told
     */
    void unregister(String voiceId);
}
