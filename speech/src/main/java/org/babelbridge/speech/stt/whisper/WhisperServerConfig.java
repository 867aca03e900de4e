package org.babelbridge.speech.stt.whisper;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.babelbridge.speech.Language;

/**
 * Settings of the OpenAI-compatible Whisper server adapter ({@code speech.stt.whisper.*}), e.g. a
 * self-hosted faster-whisper or whisper.cpp server.
 *
 * @param url       base URL (the adapter calls {@code v1/audio/transcriptions} under it)
 * @param apiKey    bearer token, or {@code null}
 * @param model     model name the server expects, e.g. {@code whisper-1} or {@code large-v3}
 * @param languages languages to route to this server
 * @param timeoutMs longest one transcription may take
 */
public record WhisperServerConfig(URI url, String apiKey, String model, Set<Language> languages, long timeoutMs) {

    public WhisperServerConfig {
        if (url == null) {
            throw new IllegalArgumentException("speech.stt.whisper.url is not set");
        }
        Objects.requireNonNull(model, "model");
        languages = Set.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("speech.stt.whisper.languages is empty");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.stt.whisper.timeout-ms must be positive");
        }
    }
}
