package org.babelbridge.speech.tts;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.babelbridge.speech.Language;

/**
 * Speaks the languages of a preferred engine through it and every other language through a fallback (e.g.
 * a cloud voice for the languages it is configured for, espeak-ng for the rest). Closes neither engine.
 */
public final class LanguageRoutingSynthesizer implements SpeechSynthesizer {

    private final SpeechSynthesizer preferred;
    private final SpeechSynthesizer fallback;

    public LanguageRoutingSynthesizer(SpeechSynthesizer preferred, SpeechSynthesizer fallback) {
        this.preferred = Objects.requireNonNull(preferred, "preferred");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public Set<Language> languages() {
        Set<Language> all = EnumSet.noneOf(Language.class);
        all.addAll(preferred.languages());
        all.addAll(fallback.languages());
        return all;
    }

    @Override
    public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
        (preferred.languages().contains(language) ? preferred : fallback).synthesize(text, language, voice, audio);
    }

    @Override
    public void close() {
        // the engines belong to whoever made them
    }
}
