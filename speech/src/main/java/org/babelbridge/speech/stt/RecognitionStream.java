package org.babelbridge.speech.stt;

/**
 * One utterance being recognised. Feed audio with {@link #accept}, then call {@link #finish} once.
 * Not thread-safe: one thread feeds and finishes it. The caller keeps ownership of the audio arrays.
 */
public interface RecognitionStream extends AutoCloseable {

    /** Feeds {@code length} samples of 16 kHz mono PCM starting at {@code offset}. */
    void accept(short[] pcm, int offset, int length);

    /** Ends the utterance and returns the final hypothesis (also given to the listener). */
    Transcript finish();

    /** Releases the stream; safe to call after {@link #finish} or instead of it. */
    @Override
    void close();
}
