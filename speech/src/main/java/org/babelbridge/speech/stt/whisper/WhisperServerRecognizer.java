package org.babelbridge.speech.stt.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Set;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavWriter;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.http.HttpEngineClient;
import org.babelbridge.speech.http.MultipartBody;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;

/**
 * Recognition through an OpenAI-compatible Whisper server ({@code POST v1/audio/transcriptions},
 * multipart). Whisper transcribes whole utterances, so a stream collects the audio and uploads it
 * as a 16 kHz WAV at {@code finish()}; there are no partial hypotheses. Thread-safe.
 */
public final class WhisperServerRecognizer implements SpeechRecognizer {

    private final HttpEngineClient http;
    private final WhisperServerConfig config;

    private WhisperServerRecognizer(HttpEngineClient http, WhisperServerConfig config) {
        this.http = http;
        this.config = config;
    }

    /**
     * Connects and checks the server answers {@code GET v1/models}.
     *
     * @throws org.babelbridge.speech.EngineConfigurationException naming the URL or key setting
     */
    public static WhisperServerRecognizer start(WhisperServerConfig config) {
        HttpEngineClient http = new HttpEngineClient("Whisper server", config.url(), config.apiKey(), config.timeoutMs());
        http.probe("v1/models", "speech.stt.whisper.url");
        return new WhisperServerRecognizer(http, config);
    }

    @Override
    public Set<Language> languages() {
        return config.languages();
    }

    @Override
    public RecognitionStream open(Language language, RecognitionListener listener) {
        if (!config.languages().contains(language)) {
            throw new IllegalArgumentException("the Whisper server is not configured for " + language.code()
                    + " (speech.stt.whisper.languages)");
        }
        return new Stream(language, listener);
    }

    @Override
    public void close() {
        // HttpClient holds no resources that need closing on Java 17.
    }

    private Transcript transcribe(short[] pcm, Language language) {
        byte[] wav = WavWriter.toBytes(pcm, AudioFormat.SAMPLE_RATE_HZ, WavEncoding.PCM16);
        MultipartBody body = new MultipartBody()
                .file("file", "utterance.wav", "audio/wav", wav)
                .field("model", config.model())
                .field("language", language.code())
                .field("response_format", "json")
                .field("temperature", "0");
        JsonNode response;
        try {
            response = http.postMultipart("v1/audio/transcriptions", body);
        } catch (HttpEngineClient.HttpStatusException e) {
            throw new SpeechEngineException(e.getMessage(), e);
        }
        JsonNode text = response.path("text");
        if (!text.isTextual()) {
            throw new SpeechEngineException("Whisper server answered without text: " + response);
        }
        return new Transcript(text.asText(), language, -1);
    }

    private final class Stream implements RecognitionStream {
        private final Language language;
        private final RecognitionListener listener;
        private short[] audio = new short[AudioFormat.SAMPLE_RATE_HZ * 4];
        private int length;
        private boolean done;

        Stream(Language language, RecognitionListener listener) {
            this.language = language;
            this.listener = listener;
        }

        @Override
        public void accept(short[] pcm, int offset, int count) {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            if (length + count > audio.length) {
                audio = Arrays.copyOf(audio, Math.max(length + count, audio.length * 2));
            }
            System.arraycopy(pcm, offset, audio, length, count);
            length += count;
        }

        @Override
        public Transcript finish() {
            if (done) {
                throw new IllegalStateException("recognition stream already finished");
            }
            done = true;
            Transcript transcript = length == 0 ? new Transcript("", language, -1)
                    : transcribe(Arrays.copyOf(audio, length), language);
            listener.onFinal(transcript);
            return transcript;
        }

        @Override
        public void close() {
            done = true;
        }
    }
}
