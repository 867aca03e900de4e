package org.babelbridge.speech.translate;

import java.util.Objects;

/** The outcome of translating one text: a translation, or an explicit "no translation". */
public sealed interface Translation permits Translation.Translated, Translation.Untranslated {

    /** Text in the target language, and the engine that produced it (e.g. {@code phrase-memory}). */
    record Translated(String text, String engine) implements Translation {
        public Translated {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(engine, "engine");
        }
    }

    /** No translation is available; {@code reason} says why, for logs and transcripts. */
    record Untranslated(String reason) implements Translation {
        public Untranslated {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Translation translated(String text, String engine) {
        return new Translated(text, engine);
    }

    static Translation untranslated(String reason) {
        return new Untranslated(reason);
    }

    default boolean isTranslated() {
        return this instanceof Translated;
    }

    /** The translated text, or {@code null} when untranslated. */
    default String textOrNull() {
        return this instanceof Translated t ? t.text() : null;
    }
}
