package org.babelbridge.ari.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.babelbridge.ari.sim.AriSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ARI client against the ARI protocol simulator built from Asterisk's API documents. */
class AriClientContractTest {
    private AriSimulator asterisk;
    private AriRestClient rest;
    private AriEventStream stream;
    private final List<AriEvent> events = new CopyOnWriteArrayList<>();
    private final List<Boolean> connects = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        asterisk = AriSimulator.start("babel-bridge", "bridge", "secret");
        AriSettings settings = new AriSettings(asterisk.baseUrl(), "bridge", "secret", "babel-bridge", 2_000, 50, 400);
        rest = AriRestClient.create(settings);
        stream = new AriEventStream(settings, rest, new AriEventListener() {
            @Override
            public void onConnected(boolean reconnected) {
                connects.add(reconnected);
            }

            @Override
            public void onEvent(AriEvent event) {
                events.add(event);
            }
        });
    }

    @AfterEach
    void stop() {
        stream.close();
        asterisk.close();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void receivesStasisStartWithArgsAndTheCallersChannel() throws Exception {
        stream.start();
        await(() -> asterisk.connectedWebSockets() == 1, "websocket");

        asterisk.incomingCall("alice", "alice", "bob");

        await(() -> !events.isEmpty(), "StasisStart");
        AriEvent start = events.get(0);
        assertThat(start.type()).isEqualTo("StasisStart");
        assertThat(start.args()).containsExactly("inbound", "bob");
        AriChannel channel = start.channel().orElseThrow();
        assertThat(channel.pjsipEndpoint()).isEqualTo("alice");
        assertThat(channel.state()).isEqualTo("Ring");
        assertThat(connects).containsExactly(false);
    }

    @Test
    void originatesBridgesAndCreatesExternalMediaWithDeclaredParametersOnly() throws Exception {
        stream.start();
        await(() -> asterisk.connectedWebSockets() == 1, "websocket");
        asterisk.phone("PJSIP/bob", AriSimulator.Answer.ANSWER, 20);

        rest.originate("out-1", "PJSIP/bob", "Alice <alice>", 30, List.of("outbound", "7"));
        await(() -> events.stream().anyMatch(e -> e.type().equals("StasisStart")), "callee answered");
        JsonNode media = rest.externalMedia("media-1", "127.0.0.1:40000", "slin16");
        rest.createBridge("b-1", "mixing", "participant-7");
        rest.addChannel("b-1", "out-1", "media-1");

        assertThat(media.path("channelvars").path("UNICASTRTP_LOCAL_PORT").asInt()).isPositive();
        assertThat(asterisk.bridges()).containsEntry("b-1", List.of("out-1", "media-1"));
        assertThat(events.stream().filter(e -> e.type().equals("StasisStart")).findFirst().orElseThrow().args())
                .containsExactly("outbound", "7");
        assertThat(asterisk.rejectedRequests()).isEmpty();
    }

    @Test
    void busyCalleeEndsWithChannelDestroyedCause17AndNoStasisStart() throws Exception {
        stream.start();
        await(() -> asterisk.connectedWebSockets() == 1, "websocket");
        asterisk.phone("PJSIP/carol", AriSimulator.Answer.BUSY, 10);

        rest.originate("out-2", "PJSIP/carol", "", 30, List.of("outbound", "1"));

        await(() -> events.stream().anyMatch(e -> e.type().equals("ChannelDestroyed")), "destroyed");
        AriEvent destroyed = events.stream().filter(e -> e.type().equals("ChannelDestroyed")).findFirst().orElseThrow();
        assertThat(destroyed.cause()).isEqualTo(17);
        assertThat(events).noneMatch(e -> e.type().equals("StasisStart"));
        assertThat(events).anyMatch(e -> e.type().equals("Dial") && e.dialStatus().equals("BUSY"));
    }

    @Test
    void reconnectsWithBackoffAfterTheWebSocketDrops() throws Exception {
        stream.start();
        await(() -> asterisk.connectedWebSockets() == 1, "websocket");

        asterisk.dropWebSockets();

        await(() -> connects.size() == 2, "reconnect");
        assertThat(connects).containsExactly(false, true);
        asterisk.incomingCall("alice", "alice", "bob");
        await(() -> !events.isEmpty(), "event after reconnect");
    }

    @Test
    void keepsRetryingUntilAsteriskAcceptsTheConnection() throws Exception {
        java.net.ServerSocket reserved = new java.net.ServerSocket(0);
        int port = reserved.getLocalPort();
        reserved.close();
        AriSettings later = new AriSettings(URI.create("http://127.0.0.1:" + port + "/ari"), "bridge", "secret",
                "babel-bridge", 500, 20, 100);
        List<Boolean> connected = new CopyOnWriteArrayList<>();
        try (AriEventStream retrying = new AriEventStream(later, AriRestClient.create(later), new AriEventListener() {
            @Override
            public void onConnected(boolean reconnected) {
                connected.add(reconnected);
            }

            @Override
            public void onEvent(AriEvent event) {
            }
        })) {
            retrying.start();
            Thread.sleep(300); // several refused attempts
            assertThat(connected).isEmpty();
            try (AriSimulator late = AriSimulator.start("babel-bridge", "bridge", "secret", port)) {
                await(() -> connected.size() == 1, "connected once Asterisk is up");
                assertThat(connected).containsExactly(false);
            }
        }
    }

    @Test
    void dropsAndCountsMalformedEventsAndKeepsGoing() throws Exception {
        stream.start();
        await(() -> asterisk.connectedWebSockets() == 1, "websocket");

        asterisk.sendRawEvent("{not json");
        asterisk.sendRawEvent("[1,2]");
        asterisk.incomingCall("alice", "alice", "bob");

        await(() -> !events.isEmpty(), "valid event");
        assertThat(stream.malformedMessages()).isEqualTo(2);
    }

    @Test
    void pushesAndDeletesDynamicPjsipObjects() {
        rest.putConfigObject("res_pjsip", "auth", "alice", Map.of("auth_type", "md5", "username", "alice"));
        assertThat(asterisk.dynamicConfig()).containsKey("res_pjsip/auth/alice");

        rest.deleteConfigObject("res_pjsip", "auth", "alice");
        rest.deleteConfigObject("res_pjsip", "auth", "alice");

        assertThat(asterisk.dynamicConfig()).doesNotContainKey("res_pjsip/auth/alice");
    }

    @Test
    void reportsHttpErrorsWithStatusAndTreatsGoneChannelsOnHangupAsDone() {
        assertThatThrownBy(() -> rest.answer("no-such-channel"))
                .isInstanceOf(AriException.class)
                .satisfies(e -> assertThat(((AriException) e).status()).isEqualTo(404));
        rest.hangup("no-such-channel", "normal");
    }

    @Test
    void rejectsWrongCredentials() {
        AriSettings bad = AriSettings.of(asterisk.baseUrl(), "bridge", "wrong", "babel-bridge");
        assertThatThrownBy(() -> AriRestClient.create(bad).channels())
                .isInstanceOf(AriException.class)
                .satisfies(e -> assertThat(((AriException) e).status()).isEqualTo(401));
    }

    @Test
    void simulatorRefusesOperationsTheSpecDoesNotDeclare() {
        assertThatThrownBy(() -> rest.send("POST", "/channels/externalMedia", Map.of("app", "babel-bridge"), null))
                .isInstanceOf(AriException.class)
                .hasMessageContaining("missing required parameter format");
        assertThat(asterisk.rejectedRequests()).hasSize(1);
    }
}
