package org.babelbridge.speech.pipeline;

import java.util.Map;
import java.util.Objects;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.tts.SpeechSynthesizer;

/**
 * The engines one pipeline uses, shared between calls (every engine is thread-safe).
 *
 * @param recognizers         a recogniser per spoken language; a language without one is not recognised
 * @param translator          the translator (typically glossary first, then MT)
 * @param standardSynthesizer speaks standard voices in every listener language
 * @param cloningSynthesizer  speaks cloned voices, or {@code null} when no cloning engine is configured
 */
public record SpeechEngines(Map<Language, SpeechRecognizer> recognizers, Translator translator,
                            SpeechSynthesizer standardSynthesizer, SpeechSynthesizer cloningSynthesizer) {

    public SpeechEngines {
        recognizers = Map.copyOf(Objects.requireNonNull(recognizers, "recognizers"));
        Objects.requireNonNull(translator, "translator");
        Objects.requireNonNull(standardSynthesizer, "standardSynthesizer");
        recognizers.forEach((language, recognizer) -> {
            if (!recognizer.languages().contains(language)) {
                throw new IllegalArgumentException("recognizer for " + language.code() + " does not speak it");
            }
        });
    }
}
