package org.babelbridge.calls;

/**
 * What listeners of one language got from an utterance: the original (speaker's own language, no translated
 * text), a translation, or an explicit "untranslated" (the translator had nothing for it).
 */
public record ListenerText(Language listenerLanguage, String translatedText, boolean untranslated) {

    public ListenerText {
        if (listenerLanguage == null) {
            throw new IllegalArgumentException("listenerLanguage is required");
        }
        if (untranslated && translatedText != null) {
            throw new IllegalArgumentException("an untranslated entry has no translated text");
        }
    }

    public static ListenerText original(Language language) {
        return new ListenerText(language, null, false);
    }

    public static ListenerText translated(Language language, String text) {
        if (text == null) {
            throw new IllegalArgumentException("translated text is required; use untranslated(..) otherwise");
        }
        return new ListenerText(language, text, false);
    }

    public static ListenerText untranslated(Language language) {
        return new ListenerText(language, null, true);
    }
}
