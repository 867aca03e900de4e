package org.babelbridge.server.voice;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.xtts.XttsServerConfig;
import org.babelbridge.speech.tts.xtts.XttsServerSynthesizer;

/**
 * The voice-cloning engine ({@code speech.tts.xtts.*}), built only when {@code speech.tts.xtts.url} is set:
 * voice model training registers references with it, deletion removes them, and the dubbing pipeline speaks
 * consented clones through it. Start-up fails, naming the setting, when the server does not answer.
 */
@Factory
final class VoiceCloningFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "speech.tts.xtts.url")
    XttsServerSynthesizer voiceCloningEngine(@Value("${speech.tts.xtts.url}") String url,
                                             @Value("${speech.tts.xtts.voice-store-dir:}") String voiceStoreDir,
                                             @Value("${speech.tts.xtts.languages:en,ru}") String languages,
                                             @Value("${speech.tts.xtts.timeout-ms:10000}") long timeoutMs,
                                             @Value("${babel.data-dir:data}") String dataDir) {
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new EngineConfigurationException("speech.tts.xtts.url", "'" + url + "' is not a URL");
        }
        Set<Language> spoken = new LinkedHashSet<>();
        for (String code : languages.split(",")) {
            try {
                spoken.add(Language.fromCode(code));
            } catch (IllegalArgumentException e) {
                throw new EngineConfigurationException("speech.tts.xtts.languages", e.getMessage());
            }
        }
        Path store = voiceStoreDir.isBlank() ? Path.of(dataDir, "speech", "cloned-voices") : Path.of(voiceStoreDir);
        return XttsServerSynthesizer.start(new XttsServerConfig(base, store, spoken, timeoutMs));
    }
}
