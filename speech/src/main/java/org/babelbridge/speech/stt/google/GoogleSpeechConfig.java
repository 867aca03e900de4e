package org.babelbridge.speech.stt.google;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.babelbridge.speech.Language;

/**
 * Settings of the Google Cloud Speech-to-Text v1 adapter ({@code speech.stt.google.*}).
 *
 * @param credentialsFile service-account key (JSON) the client authenticates with
 * @param endpoint        {@code host:port} of the API, normally {@code speech.googleapis.com:443}
 * @param languages       languages to route to Google (he-IL, ru-RU, en-US)
 * @param timeoutMs       longest one utterance's recognition may take, end to end (the gRPC deadline)
 */
public record GoogleSpeechConfig(Path credentialsFile, String endpoint, Set<Language> languages, long timeoutMs) {

    public static final String DEFAULT_ENDPOINT = "speech.googleapis.com:443";

    public GoogleSpeechConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        languages = Set.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("speech.stt.google.languages is empty");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.stt.google.timeout-ms must be positive");
        }
    }

    /** The BCP-47 code Speech-to-Text expects for {@code language}. */
    public static String languageCode(Language language) {
        return switch (language) {
            case HE -> "he-IL";
            case EN -> "en-US";
            case RU -> "ru-RU";
        };
    }
}
