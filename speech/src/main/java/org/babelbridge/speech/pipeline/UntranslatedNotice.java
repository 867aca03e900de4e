package org.babelbridge.speech.pipeline;

import org.babelbridge.speech.Language;

/** The short notice a listener hears when an utterance could not be translated into their language. */
final class UntranslatedNotice {

    private UntranslatedNotice() {
    }

    static String text(Language listenerLanguage) {
        return switch (listenerLanguage) {
            case EN -> "Translation unavailable.";
            case RU -> "Перевод недоступен.";
            case HE -> "אין תרגום זמין.";
        };
    }
}
