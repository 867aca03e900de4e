package org.babelbridge.speech.voice;

/**
 * Registers a speaker's reference recording with a voice-cloning engine. Thread-safe.
 */
public interface VoiceCloner {

    /**
     * Uploads reference audio (16 kHz mono PCM, typically 15-30 s of clean speech) and returns the
     * voice id that the cloning synthesizer accepts in {@link org.babelbridge.speech.tts.Voice.Cloned}.
     */
    String register(String speakerId, short[] referencePcm);
}
