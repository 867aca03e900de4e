package org.babelbridge.speech.translate.libretranslate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.http.HttpEngineClient;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.translate.Translator;

/**
 * Machine translation through a self-hosted LibreTranslate server ({@code POST /translate}).
 * A language pair the server does not offer is {@link Translation.Untranslated}; transport and
 * server failures throw {@link SpeechEngineException}. Thread-safe.
 */
public final class LibreTranslateTranslator implements Translator {

    public static final String ENGINE = "libretranslate";

    private final HttpEngineClient http;
    private final String apiKey;

    private LibreTranslateTranslator(HttpEngineClient http, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
    }

    /**
     * Connects and checks the server answers {@code GET /languages}.
     *
     * @throws org.babelbridge.speech.EngineConfigurationException naming the URL or key setting
     */
    public static LibreTranslateTranslator start(LibreTranslateConfig config) {
        HttpEngineClient http = new HttpEngineClient("LibreTranslate", config.url(), null, config.timeoutMs());
        http.probe("languages", "speech.translate.libretranslate.url");
        return new LibreTranslateTranslator(http, config.apiKey());
    }

    @Override
    public Translation translate(String text, Language source, Language target) {
        if (source == target) {
            return Translation.translated(text, ENGINE);
        }
        if (text.isBlank()) {
            return Translation.untranslated("nothing to translate");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("q", text);
        request.put("source", source.code());
        request.put("target", target.code());
        request.put("format", "text");
        if (apiKey != null && !apiKey.isBlank()) {
            request.put("api_key", apiKey);
        }
        JsonNode response;
        try {
            response = http.postJson("translate", request);
        } catch (HttpEngineClient.HttpStatusException e) {
            if (e.status() == 400 && e.serverMessage().toLowerCase(java.util.Locale.ROOT).contains("not supported")) {
                return Translation.untranslated("LibreTranslate: " + e.serverMessage());
            }
            throw new SpeechEngineException(e.getMessage(), e);
        }
        JsonNode translated = response.path("translatedText");
        if (!translated.isTextual()) {
            throw new SpeechEngineException("LibreTranslate answered without translatedText: " + response);
        }
        if (translated.asText().isBlank()) {
            return Translation.untranslated("LibreTranslate returned an empty translation");
        }
        return Translation.translated(translated.asText(), ENGINE);
    }
}
