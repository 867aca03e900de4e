package org.babelbridge.media.vad;

/**
 * One stretch of speech found by the endpointer: 16 kHz mono PCM of the speaker's original audio,
 * with its start and end on the call clock (milliseconds since the call's media started).
 * The sample array is owned by the receiver once handed over.
 */
public record Utterance(String speakerId, short[] pcm, long startMs, long endMs) {

    public long durationMs() {
        return endMs - startMs;
    }
}
