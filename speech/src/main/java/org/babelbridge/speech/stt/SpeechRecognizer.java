package org.babelbridge.speech.stt;

import java.util.Set;
import org.babelbridge.speech.Language;

/**
 * Speech-to-text engine. Each stream recognises one utterance of 16 kHz mono PCM in one language;
 * partial hypotheses go to the listener as audio arrives, the final one when the stream finishes.
 * Implementations are thread-safe; each stream is used by one thread.
 */
public interface SpeechRecognizer extends AutoCloseable {

    /** Languages this engine recognises. */
    Set<Language> languages();

    /**
     * Opens a recognition stream.
     *
     * @throws IllegalArgumentException if {@code language} is not in {@link #languages()}
     */
    RecognitionStream open(Language language, RecognitionListener listener);

    /**
     * Whether a stream opened now would start computing at once, not wait for a shared engine. Work that
     * may be wasted (recognising at a speaker's pause) is only started when it would, so it never delays
     * work that is needed.
     */
    default boolean idleNow() {
        return true;
    }

    /** Releases native resources and connections. */
    @Override
    void close();
}
