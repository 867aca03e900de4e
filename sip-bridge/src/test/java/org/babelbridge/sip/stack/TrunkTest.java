package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.trunk.CidrBlock;
import org.babelbridge.sip.trunk.TrunkSettings;
import org.babelbridge.sip.trunk.Trunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PSTN trunks against the real SIPp on loopback: calls from a trunk's address to a DID, PSTN caller IDs
 * from anywhere else, calls to a phone-only contact through the trunk, and registration with the trunk.
 */
class TrunkTest {

    private static final String TRUNK_ANSWERS_AND_IS_HUNG_UP = SipEndpointTest.CALLEE_IS_HUNG_UP;

    private final TrunkTestDirectory directory = new TrunkTestDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private final SipCounters counters = new SipCounters();
    private SipFront front;
    private int port;

    private void start(TrunkSettings trunk) throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(3000),
                SipFrontOptions.standalone().withTrunks(new Trunks(List.of(trunk)), counters), directory, directory, directory, media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
    }

    @Test
    void routesACallFromTheTrunkToTheUserOwningTheDidWithTheCallerIdentifiedByPhoneNumber() throws Exception {
        start(TrunkSettings.inbound("carrier", List.of("127.0.0.1/32"), List.of("+15550002")));
        int calleePort = Sipp.freePort();
        register("bob", calleePort);
        try (Sipp bob = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                calleePort, port)) {
            Thread.sleep(300);
            try (Sipp trunk = Sipp.start("trunk-call", Map.of("did", "+15550002", "callerId", "+15550001"),
                    Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
                assertThat(trunk.await()).as(trunk.errors() + trunk.output()).isZero();
            }
            assertThat(bob.await()).as(bob.errors()).isZero();
        }
        awaitEvent("leave 100 1");
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "leave 100 1");
        awaitMedia("close 100");
        assertThat(media.events).contains("start 100", "join alice", "join bob", "close 100");
        assertThat(media.open).isEmpty();
    }

    @Test
    void acceptsNationalAndInternationalSpellingsOfTheNumbers() throws Exception {
        start(TrunkSettings.inbound("carrier", List.of("127.0.0.0/8"), List.of("0015550002")));
        refused("127.0.0.1", "15550002", "15550003", "", "403"); // a caller ID that is nobody's phone
        refused("127.0.0.1", "+15550009", "+15550001", "", "404"); // no DID of the trunk
        assertThat(directory.events()).isEmpty();
    }

    @Test
    void refusesAPstnCallerIdFromAnAddressThatIsNoTrunk() throws Exception {
        start(TrunkSettings.inbound("carrier", List.of("127.0.0.1/32"), List.of("+15550002")));
        register("bob", Sipp.freePort());
        refused("127.0.0.2", "+15550002", "+15550001", "", "403");
        refused("127.0.0.2", "bob", "alice",
                "P-Asserted-Identity: <sip:+15550001@127.0.0.1>\r\n", "403");
        assertThat(counters.droppedCount(SipCounters.DropReason.PSTN_CALLER_ID_NOT_FROM_TRUNK)).isEqualTo(2);
        assertThat(counters.responseCount(403)).isEqualTo(2);
        assertThat(directory.events()).containsExactly("online 2");
    }

    @Test
    void ringsAPhoneOnlyContactThroughTheTrunkWithTheCallersPhoneNumber() throws Exception {
        int trunkPort = Sipp.freePort();
        // the trunk's own calls would come from 127.0.0.3; alice's softphone is at 127.0.0.1
        start(TrunkSettings.inbound("carrier", List.of("127.0.0.3/32"), List.of())
                .withOutboundProxy("127.0.0.1:" + trunkPort));
        String checks = "<action>"
                + "<ereg regexp=\"^INVITE sip:\\+15550004@127\\.0\\.0\\.1:" + trunkPort + " \" search_in=\"msg\" check_it=\"true\" assign_to=\"ruri\"/>"
                + "<ereg regexp=\"sip:\\+15550001@\" search_in=\"hdr\" header=\"From:\" check_it=\"true\" assign_to=\"from\"/>"
                + "</action>";
        try (Sipp trunk = Sipp.start("uas", Map.of("answer",
                TRUNK_ANSWERS_AND_IS_HUNG_UP + "<Reference variables=\"ruri,from\"/>", "inviteActions", checks),
                trunkPort, port)) {
            Thread.sleep(300);
            Map<String, String> values = new HashMap<>(Map.of("user", "alice", "callee", "dave",
                    "password", TestDirectory.SECRET, "body", SipEndpointTest.CALLER_HANGS_UP));
            try (Sipp alice = Sipp.start("uac", values, Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
                assertThat(alice.await()).as(alice.errors() + trunk.errors() + trunk.output()).isZero();
            }
            assertThat(trunk.await()).as(trunk.errors() + trunk.output()).isZero();
        }
        awaitEvent("leave 100 1");
        assertThat(directory.events()).containsExactly("start 100 1->4", "leave 100 1");
    }

    @Test
    void answersTheTrunksDigestChallengeToAnOutboundInviteWithTheTrunkCredentials() throws Exception {
        int trunkPort = Sipp.freePort();
        start(new TrunkSettings("carrier", List.of(CidrBlock.parse("127.0.0.3/32")), List.of(),
                "127.0.0.1:" + trunkPort, null, "bridge", "trunk-pw", 0));
        try (Sipp trunk = Sipp.start("trunk-challenges", Map.of("user", "bridge", "password", "trunk-pw",
                "answer", TRUNK_ANSWERS_AND_IS_HUNG_UP), trunkPort, port)) {
            Thread.sleep(300);
            Map<String, String> values = new HashMap<>(Map.of("user", "alice", "callee", "dave",
                    "password", TestDirectory.SECRET, "body", SipEndpointTest.CALLER_HANGS_UP));
            try (Sipp alice = Sipp.start("uac", values, Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
                assertThat(alice.await()).as(alice.errors() + trunk.errors() + trunk.output()).isZero();
            }
            assertThat(trunk.await()).as(trunk.errors() + trunk.output()).isZero();
        }
        awaitEvent("leave 100 1");
        assertThat(directory.events()).containsExactly("start 100 1->4", "leave 100 1");
    }

    @Test
    void registersWithTheTrunkAnsweringItsDigestChallengeAndRefreshesBeforeExpiry() throws Exception {
        int registrarPort = Sipp.freePort();
        int bridgePort = Sipp.freePort();
        try (Sipp registrar = Sipp.start("trunk-registrar", Map.of("user", "bridge", "password", "trunk-pw",
                "expires", "2"), registrarPort, bridgePort)) {
            Thread.sleep(300);
            port = bridgePort;
            front = SipFront.start(SipSettings.defaults().withPort(bridgePort),
                    SipFrontOptions.standalone().withTrunks(new Trunks(List.of(TrunkSettings.inbound("carrier",
                            List.of("127.0.0.1/32"), List.of())
                            .withRegistration("sip:127.0.0.1:" + registrarPort, "bridge", "trunk-pw", 600))), counters),
                    directory, directory, directory, media, Clock.systemUTC());
            assertThat(registrar.await(30)).as(registrar.errors() + registrar.output()).isZero();
        }
        assertThat(front.trunkRegistrations()).containsEntry("carrier", true);
    }

    private void refused(String from, String did, String callerId, String extraHeaders, String expected) throws Exception {
        try (Sipp sipp = Sipp.startFrom(from, "trunk-refused", Map.of("did", did, "callerId", callerId,
                "extraHeaders", extraHeaders, "expected", expected), Sipp.freePort(), port, 1, "20s")) {
            assertThat(sipp.await()).as(sipp.errors() + sipp.output()).isZero();
        }
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
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!directory.events().contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
