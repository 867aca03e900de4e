package org.babelbridge.speech.translate.libretranslate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.translate.Translation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LibreTranslate's wire format (POST /translate, GET /languages) against an in-process server. */
class LibreTranslateContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile long delayMs;
    private volatile boolean malformed;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/languages", exchange -> respond(exchange, 200,
                "[{\"code\":\"en\",\"name\":\"English\",\"targets\":[\"en\",\"ru\"]},"
                        + "{\"code\":\"ru\",\"name\":\"Russian\",\"targets\":[\"en\",\"ru\"]}]"));
        server.createContext("/translate", this::translate);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsTheTextAndLanguagesAndReturnsTheTranslation() {
        LibreTranslateTranslator translator = LibreTranslateTranslator.start(config("secret"));

        Translation translation = translator.translate("Good morning", Language.EN, Language.RU);

        assertThat(translation).isEqualTo(Translation.translated("Доброе утро", LibreTranslateTranslator.ENGINE));
        JsonNode request = requests.get(0);
        assertThat(request.path("q").asText()).isEqualTo("Good morning");
        assertThat(request.path("source").asText()).isEqualTo("en");
        assertThat(request.path("target").asText()).isEqualTo("ru");
        assertThat(request.path("format").asText()).isEqualTo("text");
        assertThat(request.path("api_key").asText()).isEqualTo("secret");
    }

    @Test
    void anUnsupportedLanguagePairIsAnExplicitNoTranslation() {
        LibreTranslateTranslator translator = LibreTranslateTranslator.start(config("secret"));

        Translation translation = translator.translate("Good morning", Language.EN, Language.HE);

        assertThat(translation).isInstanceOf(Translation.Untranslated.class);
        assertThat(((Translation.Untranslated) translation).reason()).contains("he is not supported");
    }

    @Test
    void aRejectedKeyIsAnEngineErrorCarryingTheServersMessage() {
        LibreTranslateTranslator translator = LibreTranslateTranslator.start(config("wrong"));

        assertThatThrownBy(() -> translator.translate("Good morning", Language.EN, Language.RU))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessageContaining("403").hasMessageContaining("Invalid API key");
    }

    @Test
    void aSlowServerFailsTheRequestAtItsTimeout() {
        LibreTranslateTranslator translator = LibreTranslateTranslator.start(config("secret"));
        delayMs = 1_500;

        assertThatThrownBy(() -> translator.translate("Good morning", Language.EN, Language.RU))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("within 300 ms");
    }

    @Test
    void malformedJsonFromTheServerIsAnEngineError() {
        LibreTranslateTranslator translator = LibreTranslateTranslator.start(config("secret"));
        malformed = true;

        assertThatThrownBy(() -> translator.translate("Good morning", Language.EN, Language.RU))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void anUnreachableServerFailsStartUpNamingTheSetting() {
        int port = server.getAddress().getPort();
        server.stop(0);

        assertThatThrownBy(() -> LibreTranslateTranslator.start(new LibreTranslateConfig(
                URI.create("http://127.0.0.1:" + port), null, 300)))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.translate.libretranslate.url");
    }

    private LibreTranslateConfig config(String apiKey) {
        return new LibreTranslateConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), apiKey, 300);
    }

    private void translate(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")
                || !exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
            respond(exchange, 400, "{\"error\":\"Invalid request\"}");
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        sleep(delayMs);
        if (malformed) {
            respond(exchange, 200, "{\"translatedText\": ");
        } else if (!request.path("api_key").asText().equals("secret")) {
            respond(exchange, 403, "{\"error\":\"Invalid API key\"}");
        } else if (!request.path("target").asText().equals("ru") && !request.path("target").asText().equals("en")) {
            respond(exchange, 400, "{\"error\":\"" + request.path("target").asText() + " is not supported\"}");
        } else if (request.path("q").asText().equals("Good morning")) {
            respond(exchange, 200, "{\"translatedText\":\"Доброе утро\"}");
        } else {
            respond(exchange, 200, "{\"translatedText\":\"\"}");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException clientGone) {
            // the client timed out and closed the connection
        }
    }
}
