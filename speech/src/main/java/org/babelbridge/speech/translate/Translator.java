package org.babelbridge.speech.translate;

import org.babelbridge.speech.Language;

/**
 * Machine translation of one utterance's text. Thread-safe. An engine that cannot translate
 * answers {@link Translation.Untranslated} rather than inventing text; transport failures throw
 * {@link org.babelbridge.speech.SpeechEngineException}.
 */
public interface Translator {

    Translation translate(String text, Language source, Language target);
}
