package org.babelbridge.calls;

import java.util.Locale;

/** The languages a participant may speak; {@link #code()} is the ISO 639-1 code stored in the database. */
public enum Language {
    HE("he"), EN("en"), RU("ru");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Parses an ISO 639-1 code ({@code he}, {@code en}, {@code ru}); anything else is {@link Violation#INVALID_INPUT}. */
    public static Language fromCode(String code) {
        if (code != null) {
            String normalized = code.trim().toLowerCase(Locale.ROOT);
            for (Language language : values()) {
                if (language.code.equals(normalized)) {
                    return language;
                }
            }
        }
        throw new RuleViolationException(Violation.INVALID_INPUT, "unknown language code; use he, en or ru");
    }
}
