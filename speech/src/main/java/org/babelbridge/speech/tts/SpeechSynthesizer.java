package org.babelbridge.speech.tts;

import java.util.Set;
import java.util.function.Consumer;
import org.babelbridge.speech.Language;

/**
 * Text-to-speech engine. Thread-safe (engines with global state serialise internally).
 */
public interface SpeechSynthesizer extends AutoCloseable {

    /** Languages this engine speaks. */
    Set<Language> languages();

    /** Whether this engine speaks {@link Voice.Cloned} voices. */
    default boolean speaksClonedVoices() {
        return false;
    }

    /**
     * Speaks {@code text}, handing 16 kHz mono PCM chunks to {@code audio} as soon as each is ready
     * (the first one as early as the engine allows), on the calling thread; returns when done.
     * Each chunk is owned by the consumer.
     *
     * @throws IllegalArgumentException if the language or kind of voice is not supported
     */
    void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio);

    @Override
    void close();
}
