package org.babelbridge.speech.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.SpeechEngineException;

/**
 * The HTTP side of a self-hosted engine: JSON and multipart requests with a per-request timeout,
 * errors turned into {@link SpeechEngineException} with the server's own message. Thread-safe.
 */
public final class HttpEngineClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String engine;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param engine  name used in messages, e.g. {@code LibreTranslate}
     * @param apiKey  sent as a bearer token when not {@code null}
     */
    public HttpEngineClient(String engine, URI baseUrl, String apiKey, long timeoutMs) {
        this.engine = engine;
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.apiKey = apiKey;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * GETs {@code path} to prove the server is there.
     *
     * @throws EngineConfigurationException naming {@code urlSetting} when it is not
     */
    public void probe(String path, String urlSetting) {
        try {
            HttpResponse<String> response = client.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new EngineConfigurationException(urlSetting.replaceAll("\\.url$", ".api-key"),
                        engine + " at " + baseUrl + " refused the API key (HTTP " + response.statusCode() + ")");
            }
            if (response.statusCode() >= 400) {
                throw new EngineConfigurationException(urlSetting, engine + " at " + baseUrl + " answered GET /"
                        + path + " with HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new EngineConfigurationException(urlSetting, engine + " is not reachable at " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineConfigurationException(urlSetting, "interrupted while contacting " + engine, e);
        }
    }

    /** POSTs JSON and returns the JSON answer. */
    public JsonNode postJson(String path, Object body) {
        try {
            HttpRequest request = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            return parse(send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new SpeechEngineException(engine + " request could not be written: " + e.getMessage(), e);
        }
    }

    /** POSTs a multipart form and returns the JSON answer. */
    public JsonNode postMultipart(String path, MultipartBody body) {
        HttpRequest request = request(path).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return parse(send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Sends DELETE; an error status is an {@link HttpStatusException}. */
    public void delete(String path) {
        send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs JSON and returns the streamed answer body; the caller closes it. */
    public InputStream postJsonForStream(String path, Object body) {
        try {
            HttpRequest request = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            return response.body();
        } catch (IOException e) {
            throw new SpeechEngineException(engine + " request could not be written: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout);
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = client.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new SpeechEngineException(engine + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new SpeechEngineException(engine + " request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechEngineException(engine + " request interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw new HttpStatusException(engine, response.statusCode(), errorMessage(response.body()));
        }
        return response;
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SpeechEngineException(engine + " answered with malformed JSON: " + e.getMessage(), e);
        }
    }

    private static String errorMessage(Object body) {
        byte[] bytes;
        try {
            bytes = body instanceof byte[] b ? b : body instanceof InputStream in ? in.readNBytes(4096) : new byte[0];
        } catch (IOException e) {
            return "";
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(text);
            for (String field : new String[] {"error", "detail", "message"}) {
                JsonNode value = node.path(field);
                if (value.isTextual()) {
                    return value.asText();
                }
                if (value.path("message").isTextual()) {
                    return value.path("message").asText();
                }
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    /** The server answered with an HTTP error status. */
    public static final class HttpStatusException extends RuntimeException {
        private final int status;
        private final String serverMessage;

        HttpStatusException(String engine, int status, String serverMessage) {
            super(engine + " answered HTTP " + status + ": " + serverMessage);
            this.status = status;
            this.serverMessage = serverMessage;
        }

        public int status() {
            return status;
        }

        public String serverMessage() {
            return serverMessage;
        }
    }
}
