package org.babelbridge.speech.tts.espeak;

/**
 * Settings of the espeak-ng synthesizer ({@code speech.tts.espeak.*}).
 *
 * @param library    shared library to load, a name or an absolute path
 * @param dataDir    espeak-ng-data directory, or {@code null} for the library's built-in default
 * @param chunkMs    length of the audio chunks espeak-ng hands back; smaller gives earlier first audio
 */
public record EspeakConfig(String library, String dataDir, int chunkMs) {

    public static final EspeakConfig DEFAULTS = new EspeakConfig("libespeak-ng.so.1", null, 100);

    public EspeakConfig {
        if (library == null || library.isBlank()) {
            throw new IllegalArgumentException("speech.tts.espeak.library must name the espeak-ng library");
        }
        if (chunkMs < 10 || chunkMs > 2000) {
            throw new IllegalArgumentException("speech.tts.espeak.chunk-ms must be within 10..2000, was " + chunkMs);
        }
    }
}
