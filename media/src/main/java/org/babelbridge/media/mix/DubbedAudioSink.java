package org.babelbridge.media.mix;

/**
 * Where finished dubbed speech goes: the listener's mixer queue. Safe to call from any thread;
 * never blocks. Audio is 16 kHz mono PCM and is owned by the sink once handed over.
 */
public interface DubbedAudioSink {

    /**
     * Queues {@code pcm} for {@code listenerId}, spoken on behalf of {@code speakerId}, after any
     * audio already queued for that listener from the same speaker.
     */
    void play(String listenerId, String speakerId, short[] pcm);
}
