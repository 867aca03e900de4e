package org.babelbridge.speech.tts.espeak;

/** Prepares Hebrew text for espeak-ng, which mispronounces pointed text. */
final class HebrewText {

    private HebrewText() {
    }

    /** Removes niqqud and cantillation marks (U+0591-U+05C7 combining marks); keeps letters and punctuation. */
    static String stripNiqqud(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hebrewMark = c >= '\u0591' && c <= '\u05C7' && Character.getType(c) == Character.NON_SPACING_MARK;
            if (!hebrewMark) {
                out.append(c == '\u05BE' ? ' ' : c); // maqaf joins words; espeak reads it better as a space
            }
        }
        return out.toString();
    }
}
