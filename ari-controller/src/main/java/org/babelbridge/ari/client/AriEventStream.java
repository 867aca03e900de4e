package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ARI events WebSocket ({@code GET /ari/events?app=...}) with automatic reconnection.
 * <p>
 * A drop or a failed connect schedules a new attempt after a delay that starts at
 * {@code reconnectInitialDelayMs} and doubles up to {@code reconnectMaxDelayMs}; a successful
 * connect resets it. Every listener callback runs on this stream's single event thread, in order;
 * messages that are not JSON objects are dropped and counted.
 */
public final class AriEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AriEventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AriSettings settings;
    private final HttpClient http;
    private final String authorization;
    private final AriEventListener listener;
    private final ScheduledExecutorService eventThread;

    // The fields below are touched only on eventThread.
    private long generation;
    private long nextDelayMs;
    private boolean everConnected;
    private boolean closed;
    private WebSocket socket;

    private final AtomicLong malformedMessages = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();

    public AriEventStream(AriSettings settings, AriRestClient rest, AriEventListener listener) {
        this.settings = settings;
        this.http = AriRestClient.newHttpClient(settings);
        this.authorization = rest.authorization();
        this.listener = listener;
        this.eventThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ari-events-" + settings.app());
            t.setDaemon(true);
            return t;
        });
        this.nextDelayMs = settings.reconnectInitialDelayMs();
    }

    /** Starts connecting; returns at once. Failures are retried with backoff until {@link #close()}. */
    public void start() {
        eventThread.execute(this::connect);
    }

    /** Runs {@code task} on the event thread, after the events already queued. */
    public void execute(Runnable task) {
        eventThread.execute(task);
    }

    /** Messages dropped because they were not JSON objects. */
    public long malformedMessages() {
        return malformedMessages.get();
    }

    /** Successful WebSocket connects since start. */
    public long connects() {
        return connects.get();
    }

    /**
     * Aborts the WebSocket as a network failure would and reconnects with backoff, as after any
     * drop. Events Asterisk sends meanwhile are lost and recovered by reconciliation.
     */
    public void dropConnection() {
        eventThread.execute(() -> {
            if (socket != null) {
                lost(generation, "dropped on request"); // abort() does not call the listener back
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        http.newWebSocketBuilder()
                .header("Authorization", authorization)
                .connectTimeout(Duration.ofMillis(settings.requestTimeoutMs()))
                .buildAsync(settings.eventsUri(), new Receiver(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        eventThread.execute(() -> lost(gen, "connect failed: " + rootMessage(error)));
                    }
                });
    }

    private void opened(long gen, WebSocket ws) {
        if (gen != generation || closed) {
            ws.abort();
            return;
        }
        socket = ws;
        nextDelayMs = settings.reconnectInitialDelayMs();
        boolean reconnected = everConnected;
        everConnected = true;
        connects.incrementAndGet();
        LOG.info("ARI events connected to {} ({})", settings.eventsUri().getHost(), reconnected ? "reconnect" : "first");
        safely(() -> listener.onConnected(reconnected));
    }

    private void lost(long gen, String reason) {
        if (gen != generation || closed) {
            return;
        }
        generation++; // late callbacks from the old socket are ignored from now on
        boolean wasConnected = socket != null;
        if (wasConnected) {
            socket.abort();
            socket = null;
        }
        long delay = nextDelayMs;
        nextDelayMs = Math.min(nextDelayMs * 2, settings.reconnectMaxDelayMs());
        LOG.warn("ARI events at {} {} ({}); retrying in {} ms (babel.ari.url)", settings.eventsUri().getAuthority(),
                wasConnected ? "lost" : "unreachable", reason, delay);
        if (wasConnected) {
            safely(() -> listener.onDisconnected(reason));
        }
        eventThread.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void message(long gen, String text) {
        if (gen != generation || closed) {
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            malformedMessages.incrementAndGet();
            LOG.warn("dropped malformed ARI event ({} chars)", text.length());
            return;
        }
        AriEvent event = AriEvent.from(json);
        safely(() -> listener.onEvent(event));
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // One bad event must not stop the stream: the next events still need handling.
            LOG.error("ARI event handler failed", e);
        }
    }

    @Override
    public void close() {
        try {
            eventThread.submit(() -> {
                closed = true;
                if (socket != null) {
                    socket.abort();
                    socket = null;
                }
            }).get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("closing ARI events", e);
        }
        eventThread.shutdownNow();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Collects text fragments into whole messages and hands them to the event thread. */
    private final class Receiver implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Receiver(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            eventThread.execute(() -> opened(gen, webSocket));
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                eventThread.execute(() -> message(gen, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            eventThread.execute(() -> lost(gen, "closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            eventThread.execute(() -> lost(gen, rootMessage(error)));
        }
    }
}
