package org.babelbridge.server.voice;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.NetworkEngines;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.google.GoogleSpeechConfig;
import org.babelbridge.speech.stt.google.GoogleSpeechRecognizer;
import org.babelbridge.speech.translate.google.GoogleTranslateConfig;
import org.babelbridge.speech.translate.google.GoogleTranslator;
import org.babelbridge.speech.tts.google.GoogleTextToSpeech;
import org.babelbridge.speech.tts.google.GoogleTextToSpeechConfig;
import org.babelbridge.speech.tts.xtts.XttsServerSynthesizer;

/**
 * The network speech engines chosen by configuration, each built only when its key setting is present and
 * failing start-up with the setting's name when it cannot start: Google Cloud Speech-to-Text
 * ({@code speech.stt.google.credentials-file}), Translation ({@code speech.translate.google.credentials-file}
 * and {@code project-id}) and Text-to-Speech ({@code speech.tts.google.credentials-file}), and the voice-cloning
 * server ({@code speech.tts.xtts.url}). Without any, the offline engines work alone.
 */
@Factory
final class NetworkEnginesFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "speech.stt.google.credentials-file")
    GoogleSpeechRecognizer googleSpeech(@Value("${speech.stt.google.credentials-file}") String keyFile,
                                        @Value("${speech.stt.google.endpoint:}") String endpoint,
                                        @Value("${speech.stt.google.languages:he,ru}") String languages,
                                        @Value("${speech.stt.google.timeout-ms:5000}") long timeoutMs) {
        return GoogleSpeechRecognizer.start(new GoogleSpeechConfig(Path.of(keyFile),
                endpoint.isBlank() ? GoogleSpeechConfig.DEFAULT_ENDPOINT : endpoint,
                languages("speech.stt.google.languages", languages), timeoutMs));
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "speech.translate.google.credentials-file")
    GoogleTranslator googleTranslate(@Value("${speech.translate.google.credentials-file}") String keyFile,
                                     @Value("${speech.translate.google.project-id:}") String projectId,
                                     @Value("${speech.translate.google.location:global}") String location,
                                     @Value("${speech.translate.google.glossary-id:}") String glossaryId,
                                     @Value("${speech.translate.google.endpoint:}") String endpoint,
                                     @Value("${speech.translate.google.timeout-ms:3000}") long timeoutMs) {
        GoogleTranslateConfig config;
        try {
            config = new GoogleTranslateConfig(Path.of(keyFile), projectId, location, glossaryId,
                    endpoint.isBlank() ? GoogleTranslateConfig.DEFAULT_ENDPOINT : endpoint, timeoutMs);
        } catch (IllegalArgumentException e) {
            throw new EngineConfigurationException(projectId.isBlank() ? "speech.translate.google.project-id"
                    : "speech.translate.google.location", e.getMessage());
        }
        return GoogleTranslator.start(config);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "speech.tts.google.credentials-file")
    GoogleTextToSpeech googleTextToSpeech(@Value("${speech.tts.google.credentials-file}") String keyFile,
                                          @Value("${speech.tts.google.languages:he,en,ru}") String languages,
                                          @Value("${speech.tts.google.voice.he:}") String hebrewVoice,
                                          @Value("${speech.tts.google.voice.en:}") String englishVoice,
                                          @Value("${speech.tts.google.voice.ru:}") String russianVoice,
                                          @Value("${speech.tts.google.endpoint:}") String endpoint,
                                          @Value("${speech.tts.google.timeout-ms:3000}") long timeoutMs) {
        Map<Language, String> voices = new EnumMap<>(Language.class);
        Map.of(Language.HE, hebrewVoice, Language.EN, englishVoice, Language.RU, russianVoice).forEach((l, v) -> {
            if (!v.isBlank()) {
                voices.put(l, v.trim());
            }
        });
        return GoogleTextToSpeech.start(new GoogleTextToSpeechConfig(Path.of(keyFile),
                languages("speech.tts.google.languages", languages), voices,
                endpoint.isBlank() ? GoogleTextToSpeechConfig.DEFAULT_ENDPOINT : endpoint, timeoutMs));
    }

    @Singleton
    NetworkEngines networkEngines(@Nullable GoogleSpeechRecognizer speech, @Nullable GoogleTranslator translate,
                                  @Nullable GoogleTextToSpeech textToSpeech, @Nullable XttsServerSynthesizer cloning) {
        Map<Language, SpeechRecognizer> recognizers = new EnumMap<>(Language.class);
        if (speech != null) {
            speech.languages().forEach(l -> recognizers.put(l, speech));
        }
        return new NetworkEngines(recognizers, translate, textToSpeech, cloning);
    }

    static Set<Language> languages(String setting, String codes) {
        Set<Language> languages = EnumSet.noneOf(Language.class);
        for (String code : codes.split(",")) {
            try {
                languages.add(Language.fromCode(code));
            } catch (IllegalArgumentException e) {
                throw new EngineConfigurationException(setting, e.getMessage());
            }
        }
        return languages;
    }
}
