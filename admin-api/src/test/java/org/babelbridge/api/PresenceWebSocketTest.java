package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.websocket.WebSocketClient;
import io.micronaut.websocket.annotation.ClientWebSocket;
import io.micronaut.websocket.annotation.OnMessage;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.babelbridge.calls.PresenceService;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@MicronautTest(transactional = false)
class PresenceWebSocketTest extends ApiTestSupport {

    @Inject
    @Client("/")
    WebSocketClient ws;
    @Inject
    PresenceService presence;

    @ClientWebSocket
    abstract static class PresenceClient implements AutoCloseable {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @OnMessage
        void onMessage(String message) {
            messages.add(message);
        }
    }

    @Test
    void isOnlineWhileConnectedAndOfflineAfter() throws Exception {
        User u = newUser("en");
        assertThat(presence.isOnline(u.id())).isFalse();
        {
            PresenceClient client = Mono.from(ws.connect(PresenceClient.class,
                    HttpRequest.GET("/ws/presence").bearerAuth(u.token()))).block(Duration.ofSeconds(10));
            assertThat(client.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"online\":true}");
            assertThat(presence.isOnline(u.id())).isTrue();
            assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("online", true);
            client.close();
            await(() -> !presence.isOnline(u.id()));
        }
        assertThat(call(auth(HttpRequest.GET("/api/users/me"), u), 200)).containsEntry("online", false);
    }

    @Test
    void refusesAnUnauthenticatedConnection() {
        {
            Throwable error = null;
            try {
                Mono.from(ws.connect(PresenceClient.class, HttpRequest.GET("/ws/presence")))
                        .block(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                error = e;
            }
            assertThat(error).isNotNull();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
