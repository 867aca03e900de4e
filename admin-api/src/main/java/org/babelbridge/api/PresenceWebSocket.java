package org.babelbridge.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.inject.Named;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.babelbridge.calls.PresenceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/presence}: a user is online while such a connection is open (bearer token in the Authorization
 * header of the upgrade request). Database work runs on the blocking executor, never on the event loop.
 */
@ServerWebSocket("/ws/presence")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class PresenceWebSocket {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceWebSocket.class);
    private static final String USER = "babel.userId";

    private final PresenceService presence;
    private final ExecutorService blocking;

    PresenceWebSocket(PresenceService presence, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.presence = presence;
        this.blocking = blocking;
    }

    @OnOpen
    void open(WebSocketSession session, HttpRequest<?> request) {
        Optional<Long> userId = request.getUserPrincipal(Authentication.class).flatMap(a -> parse(a.getName()));
        if (userId.isEmpty()) {
            session.close(CloseReason.POLICY_VIOLATION);
            return;
        }
        session.put(USER, userId.get());
        String source = "ws:" + session.getId();
        blocking.execute(() -> {
            try {
                presence.markOnline(userId.get(), source, null);
                session.sendAsync("{\"online\":true}");
            } catch (RuntimeException e) {
                LOG.warn("presence: cannot mark user {} online: {}", userId.get(), e.getMessage());
                session.close(CloseReason.INTERNAL_ERROR);
            }
        });
    }

    @OnMessage
    void message(String ignored, WebSocketSession session) {
        // clients may send keep-alive text; presence depends on the connection only
    }

    @OnClose
    void close(WebSocketSession session) {
        Optional<Long> userId = session.get(USER, Long.class);
        String source = "ws:" + session.getId();
        userId.ifPresent(id -> blocking.execute(() -> {
            try {
                presence.markOffline(id, source);
            } catch (RuntimeException e) {
                LOG.warn("presence: cannot mark user {} offline: {}", id, e.getMessage());
            }
        }));
    }

    private static Optional<Long> parse(String name) {
        try {
            return Optional.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
