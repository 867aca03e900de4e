package org.babelbridge.speech.tts.google;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.babelbridge.speech.Language;

/**
 * Settings of the Google Cloud Text-to-Speech v1 adapter ({@code speech.tts.google.*}).
 *
 * @param credentialsFile service-account key (JSON)
 * @param languages       languages to speak through Google (he-IL, ru-RU, en-US)
 * @param voiceNames      optional voice per language (e.g. {@code he-IL-Wavenet-A}); otherwise the service picks
 *                        one of the gender the speaker's profile suggests
 * @param endpoint        {@code host:port}, normally {@code texttospeech.googleapis.com:443}
 * @param timeoutMs       deadline of one synthesis
 */
public record GoogleTextToSpeechConfig(Path credentialsFile, Set<Language> languages, Map<Language, String> voiceNames,
                                       String endpoint, long timeoutMs) {

    public static final String DEFAULT_ENDPOINT = "texttospeech.googleapis.com:443";

    public GoogleTextToSpeechConfig {
        languages = Set.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("speech.tts.google.languages is empty");
        }
        voiceNames = Map.copyOf(voiceNames);
        Objects.requireNonNull(endpoint, "endpoint");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.tts.google.timeout-ms must be positive");
        }
    }
}
