package org.babelbridge.speech.stt;

import java.util.Objects;
import org.babelbridge.speech.Language;

/**
 * The recognised text of one utterance. {@code text} is empty when nothing was recognised;
 * {@code confidence} is in [0, 1], or -1 when the engine gives none.
 */
public record Transcript(String text, Language language, double confidence) {

    public Transcript {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        text = text.strip();
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }
}
