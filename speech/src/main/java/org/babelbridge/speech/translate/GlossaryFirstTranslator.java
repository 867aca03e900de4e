package org.babelbridge.speech.translate;

import java.util.Objects;
import org.babelbridge.speech.Language;

/**
 * Consults a glossary (the phrase memory) first and falls back to machine translation only when
 * the glossary has no answer. Thread-safe when both engines are.
 */
public final class GlossaryFirstTranslator implements Translator {

    private final Translator glossary;
    private final Translator machine;

    public GlossaryFirstTranslator(Translator glossary, Translator machine) {
        this.glossary = Objects.requireNonNull(glossary, "glossary");
        this.machine = Objects.requireNonNull(machine, "machine");
    }

    @Override
    public Translation translate(String text, Language source, Language target) {
        Translation fromGlossary = glossary.translate(text, source, target);
        return fromGlossary.isTranslated() ? fromGlossary : machine.translate(text, source, target);
    }
}
