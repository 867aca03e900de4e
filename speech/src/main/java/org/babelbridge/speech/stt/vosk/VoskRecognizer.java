package org.babelbridge.speech.stt.vosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Offline recognition with Vosk (Kaldi), one model directory per language, 16 kHz. Models are
 * shared by all streams; each stream has its own Vosk recognizer.
 */
public final class VoskRecognizer implements SpeechRecognizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Language, Model> models;

    private VoskRecognizer(Map<Language, Model> models) {
        this.models = models;
    }

    /**
     * Loads the native library and every configured model.
     *
     * @throws EngineConfigurationException naming the setting of a missing or unusable model directory
     */
    public static VoskRecognizer start(VoskConfig config) {
        if (config.modelDirs().isEmpty()) {
            throw new EngineConfigurationException("speech.stt.vosk.model-dirs",
                    "no Vosk model directory is configured for any language");
        }
        for (Map.Entry<Language, Path> entry : config.modelDirs().entrySet()) {
            if (!Files.isDirectory(entry.getValue())) {
                throw new EngineConfigurationException(VoskConfig.setting(entry.getKey()),
                        "Vosk model directory " + entry.getValue() + " does not exist");
            }
        }
        loadNativeLibrary();
        Map<Language, Model> models = new EnumMap<>(Language.class);
        for (Map.Entry<Language, Path> entry : config.modelDirs().entrySet()) {
            try {
                models.put(entry.getKey(), new Model(entry.getValue().toString()));
            } catch (IOException e) {
                models.values().forEach(Model::close);
                throw new EngineConfigurationException(VoskConfig.setting(entry.getKey()),
                        "Vosk could not load a model from " + entry.getValue(), e);
            }
        }
        return new VoskRecognizer(models);
    }

    /**
     * Loads libvosk from the Vosk jar and quietens its logging.
     *
     * @throws EngineConfigurationException if the native library cannot be loaded on this platform
     */
    public static void loadNativeLibrary() {
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new EngineConfigurationException("speech.stt.engine",
                    "the Vosk native library cannot be loaded on this platform", e);
        }
    }

    @Override
    public Set<Language> languages() {
        return models.keySet();
    }

    @Override
    public RecognitionStream open(Language language, RecognitionListener listener) {
        Model model = models.get(language);
        if (model == null) {
            throw new IllegalArgumentException("no Vosk model for " + language.code() + "; set "
                    + VoskConfig.setting(language));
        }
        try {
            return new Stream(new Recognizer(model, 16_000f), language, listener);
        } catch (IOException e) {
            throw new SpeechEngineException("Vosk could not create a recogniser for " + language.code(), e);
        }
    }

    @Override
    public void close() {
        models.values().forEach(Model::close);
    }

    static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path(name).asText("");
        } catch (IOException e) {
            throw new SpeechEngineException("Vosk returned malformed JSON: " + json, e);
        }
    }

    private static final class Stream implements RecognitionStream {
        private final Recognizer recognizer;
        private final Language language;
        private final RecognitionListener listener;
        private final StringBuilder finished = new StringBuilder();
        private String lastPartial = "";
        private boolean done;

        Stream(Recognizer recognizer, Language language, RecognitionListener listener) {
            this.recognizer = recognizer;
            this.language = language;
            this.listener = listener;
        }

        @Override
        public void accept(short[] pcm, int offset, int length) {
            short[] chunk = offset == 0 ? pcm : Arrays.copyOfRange(pcm, offset, offset + length);
            if (recognizer.acceptWaveForm(chunk, length)) {
                append(field(recognizer.getResult(), "text")); // Vosk found an endpoint inside the utterance
            } else {
                String partial = (finished + " " + field(recognizer.getPartialResult(), "partial")).strip();
                if (!partial.isEmpty() && !partial.equals(lastPartial)) {
                    lastPartial = partial;
                    listener.onPartial(partial);
                }
            }
        }

        @Override
        public Transcript finish() {
            done = true;
            try {
                append(field(recognizer.getFinalResult(), "text"));
                Transcript transcript = new Transcript(finished.toString(), language, -1);
                listener.onFinal(transcript);
                return transcript;
            } finally {
                recognizer.close();
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                recognizer.close();
            }
        }

        private void append(String text) {
            if (!text.isBlank()) {
                finished.append(finished.length() == 0 ? "" : " ").append(text.strip());
            }
        }
    }
}
