package org.babelbridge.speech.stt.vosk;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.babelbridge.speech.Language;

/**
 * Settings of the Vosk recogniser ({@code speech.stt.vosk.model-dirs.<language>}): an unpacked
 * Vosk model directory per language (e.g. vosk-model-ru-0.42 for {@code ru}).
 */
public record VoskConfig(Map<Language, Path> modelDirs) {

    public VoskConfig {
        modelDirs = Map.copyOf(Objects.requireNonNull(modelDirs, "modelDirs"));
    }

    static String setting(Language language) {
        return "speech.stt.vosk.model-dirs." + language.code();
    }
}
