package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Asterisk's REST interface (channels.json, bridges.json, asterisk.json) over the JDK HTTP client.
 * Thread-safe; every method blocks for one request, so call it off the media path. A non-2xx
 * answer or an unreachable Asterisk is an {@link AriException}.
 */
public final class AriRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AriSettings settings;
    private final HttpClient http;
    private final String authorization;

    public AriRestClient(AriSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** A client with its own HTTP/1.1 connection pool (ARI speaks HTTP/1.1 only). */
    public static AriRestClient create(AriSettings settings) {
        return new AriRestClient(settings, newHttpClient(settings));
    }

    static HttpClient newHttpClient(AriSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(settings.requestTimeoutMs()))
                .build();
    }

    String authorization() {
        return authorization;
    }

    // ---- channels ---------------------------------------------------------------------------

    public List<AriChannel> channels() {
        List<AriChannel> out = new ArrayList<>();
        send("GET", "/channels", Map.of(), null).forEach(c -> out.add(AriChannel.from(c)));
        return out;
    }

    public void answer(String channelId) {
        send("POST", "/channels/" + encode(channelId) + "/answer", Map.of(), null);
    }

    public void ring(String channelId) {
        send("POST", "/channels/" + encode(channelId) + "/ring", Map.of(), null);
    }

    /**
     * Hangs a channel up. {@code reason} is one of ARI's names ({@code normal}, {@code busy},
     * {@code congestion}, {@code no_answer}...). A channel already gone is not an error.
     */
    public void hangup(String channelId, String reason) {
        try {
            send("DELETE", "/channels/" + encode(channelId), Map.of("reason", reason), null);
        } catch (AriException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    /**
     * Originates a call to {@code endpoint} (e.g. {@code PJSIP/bob}, {@code PJSIP/+15551234567@trunk})
     * with a channel id chosen by us, straight into our Stasis application with {@code appArgs}.
     */
    public AriChannel originate(String channelId, String endpoint, String callerId, int timeoutSeconds,
                                List<String> appArgs) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("endpoint", endpoint);
        q.put("app", settings.app());
        q.put("appArgs", String.join(",", appArgs));
        if (callerId != null && !callerId.isBlank()) {
            q.put("callerId", callerId);
        }
        q.put("timeout", Integer.toString(timeoutSeconds));
        return AriChannel.from(send("POST", "/channels/" + encode(channelId), q, null));
    }

    /**
     * Creates an externalMedia channel that exchanges RTP with {@code externalHost}
     * ({@code ip:port}) in {@code format} ({@code ulaw}, {@code slin16}...).
     *
     * @return the channel JSON; its {@code channelvars} hold UNICASTRTP_LOCAL_ADDRESS/PORT
     */
    public JsonNode externalMedia(String channelId, String externalHost, String format) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("channelId", channelId);
        q.put("app", settings.app());
        q.put("external_host", externalHost);
        q.put("encapsulation", "rtp");
        q.put("transport", "udp");
        q.put("connection_type", "client");
        q.put("format", format);
        q.put("direction", "both");
        return send("POST", "/channels/externalMedia", q, null);
    }

    // ---- bridges ----------------------------------------------------------------------------

    public JsonNode createBridge(String bridgeId, String type, String name) {
        return send("POST", "/bridges/" + encode(bridgeId), Map.of("type", type, "name", name), null);
    }

    public void addChannel(String bridgeId, String... channelIds) {
        send("POST", "/bridges/" + encode(bridgeId) + "/addChannel",
                Map.of("channel", String.join(",", channelIds)), null);
    }

    /** Destroys a bridge; one already gone is not an error. */
    public void destroyBridge(String bridgeId) {
        try {
            send("DELETE", "/bridges/" + encode(bridgeId), Map.of(), null);
        } catch (AriException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    public List<JsonNode> bridges() {
        List<JsonNode> out = new ArrayList<>();
        send("GET", "/bridges", Map.of(), null).forEach(out::add);
        return out;
    }

    // ---- dynamic configuration (asterisk.json) ----------------------------------------------

    /** Creates or replaces a sorcery object, e.g. ({@code res_pjsip}, {@code endpoint}, {@code alice}). */
    public void putConfigObject(String configClass, String objectType, String id, Map<String, String> fields) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode tuples = body.putArray("fields");
        fields.forEach((k, v) -> tuples.addObject().put("attribute", k).put("value", v));
        send("PUT", configPath(configClass, objectType, id), Map.of(), body);
    }

    /** Deletes a sorcery object; one that does not exist is not an error. */
    public void deleteConfigObject(String configClass, String objectType, String id) {
        try {
            send("DELETE", configPath(configClass, objectType, id), Map.of(), null);
        } catch (AriException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    /** Subscribes our application to an event source, e.g. {@code endpoint:PJSIP} (all PJSIP endpoints). */
    public void subscribe(String eventSource) {
        send("POST", "/applications/" + encode(settings.app()) + "/subscription", Map.of("eventSource", eventSource), null);
    }

    /** The endpoints of one technology ({@code Endpoint} models: resource, state, channel_ids). */
    public List<JsonNode> endpoints(String technology) {
        List<JsonNode> out = new ArrayList<>();
        send("GET", "/endpoints/" + encode(technology), Map.of(), null).forEach(out::add);
        return out;
    }

    public JsonNode info() {
        return send("GET", "/asterisk/info", Map.of(), null);
    }

    private static String configPath(String configClass, String objectType, String id) {
        return "/asterisk/config/dynamic/" + encode(configClass) + "/" + encode(objectType) + "/" + encode(id);
    }

    // ---- transport --------------------------------------------------------------------------

    /** Sends one request; returns the parsed JSON body (an empty object for 204). */
    public JsonNode send(String method, String path, Map<String, String> query, JsonNode body) {
        StringJoiner qs = new StringJoiner("&", "?", "");
        qs.setEmptyValue("");
        query.forEach((k, v) -> qs.add(encode(k) + "=" + encode(v)));
        URI uri = URI.create(settings.baseUrl() + path + qs);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(settings.requestTimeoutMs()))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AriException(method + " " + path + ": Asterisk unreachable at " + settings.baseUrl()
                    + " (babel.ari.url): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AriException(method + " " + path + " interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new AriException(method + " " + path + " -> HTTP " + status + " " + response.body(), status);
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AriException(method + " " + path + ": malformed JSON from Asterisk: " + e.getMessage(), e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
