package org.babelbridge.speech.translate.libretranslate;

import java.net.URI;
import java.util.Objects;

/**
 * Settings of the LibreTranslate adapter ({@code speech.translate.libretranslate.*}).
 *
 * @param url       base URL of the server, e.g. http://127.0.0.1:5000
 * @param apiKey    API key when the server requires one, else {@code null}
 * @param timeoutMs longest one request may take
 */
public record LibreTranslateConfig(URI url, String apiKey, long timeoutMs) {

    public LibreTranslateConfig {
        if (url == null) {
            throw new IllegalArgumentException("speech.translate.libretranslate.url is not set");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("speech.translate.libretranslate.timeout-ms must be positive");
        }
        Objects.requireNonNull(url, "url");
    }
}
