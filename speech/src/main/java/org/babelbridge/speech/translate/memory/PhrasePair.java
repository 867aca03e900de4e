package org.babelbridge.speech.translate.memory;

import java.util.Objects;
import org.babelbridge.speech.Language;

/** One aligned pair: {@code sourceText} in {@code source} means {@code targetText} in {@code target}. */
public record PhrasePair(Language source, String sourceText, Language target, String targetText) {

    public PhrasePair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sourceText, "sourceText");
        Objects.requireNonNull(targetText, "targetText");
        if (source == target) {
            throw new IllegalArgumentException("a phrase pair needs two different languages");
        }
    }

    public PhrasePair reversed() {
        return new PhrasePair(target, targetText, source, sourceText);
    }
}
