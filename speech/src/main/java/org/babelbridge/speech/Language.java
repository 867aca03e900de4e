package org.babelbridge.speech;

import java.util.Locale;

/** A language the bridge speaks, with the ISO 639-1 code used in the database and configuration. */
public enum Language {
    HE("he"),
    EN("en"),
    RU("ru");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** ISO 639-1 code: {@code he}, {@code en} or {@code ru}. */
    public String code() {
        return code;
    }

    /** Parses an ISO 639-1 code (case-insensitive, a region suffix such as {@code en-US} is ignored). */
    public static Language fromCode(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("language code is empty; expected one of he, en, ru");
        }
        String base = code.trim().toLowerCase(Locale.ROOT).split("[-_]")[0];
        if (base.equals("iw")) {
            return HE;
        }
        for (Language language : values()) {
            if (language.code.equals(base)) {
                return language;
            }
        }
        throw new IllegalArgumentException("unsupported language '" + code + "'; expected one of he, en, ru");
    }
}
