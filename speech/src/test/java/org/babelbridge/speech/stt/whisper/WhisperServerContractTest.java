package org.babelbridge.speech.stt.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.http.MultipartForm;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.Transcript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI audio transcription wire format (multipart upload) against an in-process server. */
class WhisperServerContractTest {

    private HttpServer server;
    private final List<Map<String, byte[]>> uploads = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models", exchange -> respond(exchange, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"large-v3\",\"object\":\"model\"}]}"));
        server.createContext("/v1/audio/transcriptions", this::transcribe);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void uploadsTheUtteranceAsSixteenKilohertzWavWithModelAndLanguage() throws IOException {
        WhisperServerRecognizer recognizer = WhisperServerRecognizer.start(config());
        short[] utterance = TestAudio.prompt16k("en", "auth-thankyou");

        Transcript transcript = Recognition.recognize(recognizer, Language.HE, utterance, RecognitionListener.NONE);

        assertThat(transcript.text()).isEqualTo("תודה רבה");
        assertThat(transcript.language()).isEqualTo(Language.HE);
        Map<String, byte[]> form = uploads.get(0);
        assertThat(text(form, "model")).isEqualTo("large-v3");
        assertThat(text(form, "language")).isEqualTo("he");
        assertThat(text(form, "response_format")).isEqualTo("json");
        WavAudio wav = WavReader.read(form.get("file"));
        assertThat(wav.sampleRateHz()).isEqualTo(AudioFormat.SAMPLE_RATE_HZ);
        assertThat(wav.samples()).isEqualTo(utterance);
        assertThat(authorizations).containsOnly("Bearer token-1");
    }

    @Test
    void aServerErrorIsAnEngineErrorCarryingItsMessage() {
        WhisperServerRecognizer recognizer = WhisperServerRecognizer.start(config());
        status = 500;

        assertThatThrownBy(() -> Recognition.recognize(recognizer, Language.HE, new short[16_000], RecognitionListener.NONE))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessageContaining("500").hasMessageContaining("CUDA out of memory");
    }

    @Test
    void refusesLanguagesItIsNotConfiguredFor() {
        WhisperServerRecognizer recognizer = WhisperServerRecognizer.start(config());

        assertThatThrownBy(() -> recognizer.open(Language.EN, RecognitionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speech.stt.whisper.languages");
    }

    @Test
    void anUnreachableServerFailsStartUpNamingTheSetting() {
        int port = server.getAddress().getPort();
        server.stop(0);

        assertThatThrownBy(() -> WhisperServerRecognizer.start(new WhisperServerConfig(
                URI.create("http://127.0.0.1:" + port), null, "large-v3", Set.of(Language.HE), 500)))
                .isInstanceOf(EngineConfigurationException.class).hasMessageContaining("speech.stt.whisper.url");
    }

    private WhisperServerConfig config() {
        return new WhisperServerConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token-1",
                "large-v3", Set.of(Language.HE, Language.RU), 5_000);
    }

    private void transcribe(HttpExchange exchange) throws IOException {
        String boundary = MultipartForm.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!exchange.getRequestMethod().equals("POST") || boundary == null) {
            respond(exchange, 400, "{\"error\":{\"message\":\"expected multipart/form-data\"}}");
            return;
        }
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, byte[]> form = MultipartForm.parse(exchange.getRequestBody().readAllBytes(), boundary);
        uploads.add(form);
        if (status != 200) {
            respond(exchange, status, "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}");
        } else if (!form.containsKey("file") || !form.containsKey("model")) {
            respond(exchange, 400, "{\"error\":{\"message\":\"file and model are required\"}}");
        } else {
            respond(exchange, 200, "{\"text\":\" תודה רבה\"}");
        }
    }

    private static String text(Map<String, byte[]> form, String name) {
        return new String(form.get(name), StandardCharsets.UTF_8);
    }

    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
