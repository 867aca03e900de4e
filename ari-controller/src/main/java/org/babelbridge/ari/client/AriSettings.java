package org.babelbridge.ari.client;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach Asterisk's REST interface.
 *
 * @param baseUrl                  ARI root, e.g. {@code http://asterisk:8088/ari}
 * @param username                 ari.conf user
 * @param password                 ari.conf password
 * @param app                      Stasis application name (extensions.conf {@code Stasis(<app>)})
 * @param requestTimeoutMs         per REST request
 * @param reconnectInitialDelayMs  first WebSocket reconnect delay; doubles up to the maximum
 * @param reconnectMaxDelayMs      ceiling of the reconnect backoff
 */
public record AriSettings(URI baseUrl, String username, String password, String app,
                          long requestTimeoutMs, long reconnectInitialDelayMs, long reconnectMaxDelayMs) {

    public AriSettings {
        Objects.requireNonNull(baseUrl, "babel.ari.url must be set (e.g. http://asterisk:8088/ari)");
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("babel.ari.username must be set (the ari.conf user)");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("babel.ari.password must be set (the ari.conf password)");
        }
        if (app == null || app.isBlank()) {
            throw new IllegalArgumentException("babel.ari.app must be set (the Stasis application name)");
        }
        if (requestTimeoutMs <= 0 || reconnectInitialDelayMs <= 0 || reconnectMaxDelayMs < reconnectInitialDelayMs) {
            throw new IllegalArgumentException("ARI timeouts must be positive and reconnectMaxDelayMs >= reconnectInitialDelayMs");
        }
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    public static AriSettings of(URI baseUrl, String username, String password, String app) {
        return new AriSettings(baseUrl, username, password, app, 5_000, 500, 30_000);
    }

    /** The events WebSocket URI: same host and port, ws scheme. */
    public URI eventsUri() {
        String scheme = "https".equals(baseUrl.getScheme()) ? "wss" : "ws";
        String s = baseUrl.toString().replaceFirst("^https?", scheme);
        return URI.create(s + "/events?app=" + AriRestClient.encode(app) + "&subscribeAll=false");
    }
}
