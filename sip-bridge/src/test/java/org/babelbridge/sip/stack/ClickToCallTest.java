package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallRejectedException;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Click-to-call with real SIPp phones: the caller's phone rings first, then the callee's, then they talk. */
class ClickToCallTest {

    private final TestDirectory directory = new TestDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private SipFront front;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(5000), directory, directory,
                directory, media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        front.close();
    }

    @Test
    void ringsTheCallersPhoneShowingTheCalleeThenTheCalleeAndBridgesThem() throws Exception {
        int alicePort = Sipp.freePort();
        int bobPort = Sipp.freePort();
        register("alice", alicePort);
        register("bob", bobPort);
        String showsBob = "<action><ereg regexp=\"sip:bob@\" search_in=\"hdr\" header=\"From:\" check_it=\"true\""
                + " assign_to=\"shown\"/></action>";
        try (Sipp alice = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP
                + "<Reference variables=\"shown\"/>", "inviteActions", showsBob), alicePort, port);
             Sipp bob = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                     bobPort, port)) {
            Thread.sleep(300);
            front.ring(1, 2);
            awaitEvent("start 100 1->2");
            assertThat(front.carries(100)).isTrue();
            assertThat(front.hangUp(100, 1)).isTrue();
            assertThat(alice.await()).as(alice.errors() + alice.output()).isZero();
            assertThat(bob.await()).as(bob.errors() + bob.output()).isZero();
        }
        assertThat(directory.events()).containsExactly("online 1", "online 2", "start 100 1->2", "leave 100 1");
        awaitMedia("close 100");
        assertThat(media.events).contains("join alice", "join bob", "close 100");
        assertThat(media.open).isEmpty();
    }

    @Test
    void refusesByTheCallRulesAndWhenTheCallersPhoneIsNotRegistered() throws Exception {
        assertThatThrownBy(() -> front.ring(1, 2)).isInstanceOf(CallRejectedException.class)
                .extracting(e -> ((CallRejectedException) e).reason()).isEqualTo(CallCheck.OFFLINE);
        register("alice", Sipp.freePort());
        assertThatThrownBy(() -> front.ring(1, 3)).isInstanceOf(CallRejectedException.class)
                .extracting(e -> ((CallRejectedException) e).reason()).isEqualTo(CallCheck.NOT_A_CONTACT);
        assertThatThrownBy(() -> front.ring(1, 2)).isInstanceOf(CallRejectedException.class)
                .extracting(e -> ((CallRejectedException) e).reason()).isEqualTo(CallCheck.OFFLINE);
        assertThat(media.open).isEmpty();
    }

    private void register(String user, int contactPort) throws Exception {
        try (Sipp sipp = Sipp.start("register", Map.of("user", user, "password", TestDirectory.SECRET,
                "contactPort", String.valueOf(contactPort), "expires", "600", "expected", "200"), Sipp.freePort(), port)) {
            assertThat(sipp.await()).as(sipp.errors()).isZero();
        }
    }

    /** The call's media closes just after the last BYE goes out, on the thread that sent it. */
    private void awaitMedia(String event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!media.events.contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void awaitEvent(String event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!directory.events().contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
