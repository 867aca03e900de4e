package org.babelbridge.ari;

import org.babelbridge.ari.client.AriSettings;
import org.babelbridge.ari.sim.AriSimulator;
import org.babelbridge.ari.sim.AriSimulator.Answer;
import org.babelbridge.ari.sim.SimulatedRtpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stasis application's call flows against the ARI protocol simulator, with the call rules and
 * the media engine as test doubles that record what the front reported and move real RTP.
 */
class StasisApplicationContractTest {
    private AriSimulator asterisk;
    private InMemoryCallRules rules;
    private UdpParticipantMedia media;
    private AriFront front;
    private CallUser alice;
    private CallUser bob;
    private CallUser carol;
    private CallUser dave;
    private CallUser erin;
    private final List<SoftphoneAccount> accounts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        asterisk = AriSimulator.start("babel-bridge", "bridge", "secret");
        rules = new InMemoryCallRules();
        media = new UdpParticipantMedia();
        alice = rules.user(1, "en", "alice", "+15550001");
        bob = rules.user(2, "ru", "bob", null);
        carol = rules.user(3, "he", null, "+972500000003");
        dave = rules.user(4, "en", "dave", null);
        erin = rules.user(5, "ru", "erin", null);
        rules.contacts(1, 2, 3, 4, 5);
        accounts.clear();
        accounts.add(new SoftphoneAccount("alice", "0123456789abcdef0123456789abcdef", "en"));
        front = AriFront.start(new AriSettings(asterisk.baseUrl(), "bridge", "secret", "babel-bridge", 2_000, 50, 400),
                new AriControllerSettings("trunk", "127.0.0.1", ExternalMediaFormat.SLIN16, 30, '*'),
                rules, media, () -> List.copyOf(accounts), "babel-bridge");
        await(() -> asterisk.connectedWebSockets() == 1, "front connected");
    }

    @AfterEach
    void stop() {
        front.close();
        media.close();
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

    private long connectedCall(String callerChannel) throws Exception {
        await(() -> asterisk.stateOf(callerChannel).equals("Up"), "caller answered");
        await(() -> asterisk.bridges().size() == 2
                && asterisk.bridges().values().stream().allMatch(m -> m.size() == 2), "two bridges of two");
        return rules.lastCall().orElseThrow().id;
    }

    @Test
    void twoPartyCallBridgesEachParticipantWithItsOwnExternalMediaLegBothWays() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 50);

        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        String bobChannel = asterisk.liveChannelOf("PJSIP/bob").orElseThrow();
        assertThat(rules.log()).containsExactly("start 1->2");
        for (List<String> members : asterisk.bridges().values()) {
            assertThat(members).hasSize(2);
            assertThat(members).anyMatch(id -> id.equals(aliceChannel) || id.equals(bobChannel));
        }
        SimulatedRtpPeer aliceSide = asterisk.mediaOf(aliceChannel).orElseThrow();
        SimulatedRtpPeer bobSide = asterisk.mediaOf(bobChannel).orElseThrow();
        await(() -> media.legsByUser.get(1L).received > 5 && media.legsByUser.get(2L).received > 5, "RTP to the legs");
        await(() -> aliceSide.received().size() > 5 && bobSide.received().size() > 5, "RTP back to Asterisk");
        assertThat(aliceSide.received().get(0).payload()[0]).isEqualTo((byte) 1);
        assertThat(bobSide.received().get(0).payload()[0]).isEqualTo((byte) 2);
        assertThat(aliceSide.received().get(0).payloadType()).isEqualTo(118);
        assertThat(media.legsByUser.get(1L).payloadTypes).contains(118);
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("POST /channels/externalMedia")
                && r.contains("format=slin16") && r.contains("external_host=127.0.0.1:"));
        assertThat(asterisk.rejectedRequests()).isEmpty();
    }

    @Test
    void callerHangingUpEndsTheCallAndHangsUpTheCallee() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);
        String bobChannel = asterisk.liveChannelOf("PJSIP/bob").orElseThrow();

        asterisk.hangupFromPhone(aliceChannel);

        await(() -> !asterisk.isLive(bobChannel), "bob hung up");
        await(() -> asterisk.bridges().isEmpty() && asterisk.liveChannelNames().isEmpty(), "everything cleaned up");
        assertThat(rules.status(callId)).isEqualTo("ended");
        assertThat(rules.log()).containsExactly("start 1->2", "leave 1");
        assertThat(media.legsByUser.values()).allMatch(l -> l.closed);
        assertThat(front.activeCalls().get()).isZero();
    }

    @Test
    void calleeHangingUpEndsTheCallAndHangsUpTheCaller() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        asterisk.hangupFromPhone(asterisk.liveChannelOf("PJSIP/bob").orElseThrow());

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up");
        await(() -> asterisk.bridges().isEmpty() && asterisk.liveChannelNames().isEmpty(), "everything cleaned up");
        assertThat(rules.status(callId)).isEqualTo("ended");
        assertThat(rules.log()).containsExactly("start 1->2", "leave 2");
    }

    @Test
    void busyCalleeMakesTheCallMissedAndTheCallerHearsBusy() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.BUSY, 20);

        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up");
        assertThat(rules.lastCall().orElseThrow().status).isEqualTo("missed");
        assertThat(rules.log()).containsExactly("missed 1->2");
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("DELETE /channels/" + aliceChannel) && r.contains("reason=busy"));
        assertThat(asterisk.bridges()).isEmpty();
    }

    @Test
    void unansweredCalleeMakesTheCallMissed() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.NO_ANSWER, 50);

        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up");
        assertThat(rules.log()).containsExactly("missed 1->2");
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("DELETE /channels/" + aliceChannel) && r.contains("reason=no_answer"));
    }

    @Test
    void callerGivingUpWhileTheCalleeRingsIsMissedAndStopsTheRinging() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 5_000);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        await(() -> asterisk.liveChannelOf("PJSIP/bob").isPresent(), "bob ringing");
        String bobChannel = asterisk.liveChannelOf("PJSIP/bob").orElseThrow();
        await(() -> asterisk.stateOf(bobChannel).equals("Ringing"), "bob ringing");

        asterisk.hangupFromPhone(aliceChannel);

        await(() -> !asterisk.isLive(bobChannel), "bob's ringing stopped");
        assertThat(rules.log()).containsExactly("missed 1->2");
    }

    @Test
    void threePartyCallGivesTheThirdParticipantTheirOwnBridgeAndEndsWhenOnlyOneRemains() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        asterisk.phone("PJSIP/+972500000003@trunk", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        front.addParticipant(callId, alice.userId(), carol.userId()).get(5, TimeUnit.SECONDS);

        await(() -> asterisk.bridges().size() == 3 && asterisk.bridges().values().stream().allMatch(m -> m.size() == 2),
                "three bridges");
        String carolChannel = asterisk.liveChannelOf("PJSIP/+972500000003@trunk").orElseThrow();
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("POST /channels/" + carolChannel)
                && r.contains("endpoint=PJSIP/+972500000003@trunk"));
        await(() -> media.legsByUser.get(3L) != null && media.legsByUser.get(3L).received > 3, "carol's RTP");

        asterisk.hangupFromPhone(asterisk.liveChannelOf("PJSIP/bob").orElseThrow());
        await(() -> asterisk.bridges().size() == 2, "bob's bridge gone");
        assertThat(rules.status(callId)).isEqualTo("ongoing");
        assertThat(asterisk.isLive(aliceChannel)).isTrue();

        asterisk.hangupFromPhone(carolChannel);
        await(() -> !asterisk.isLive(aliceChannel), "alice hung up");
        assertThat(rules.status(callId)).isEqualTo("ended");
        assertThat(rules.log()).containsExactly("start 1->2", "add 3", "leave 2", "leave 3");
    }

    @Test
    void fifthParticipantIsRefusedWhenTheCallHasFour() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 10);
        asterisk.phone("PJSIP/+972500000003@trunk", Answer.ANSWER, 10);
        asterisk.phone("PJSIP/dave", Answer.ANSWER, 10);
        asterisk.phone("PJSIP/erin", Answer.ANSWER, 10);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);
        front.addParticipant(callId, alice.userId(), carol.userId()).get(5, TimeUnit.SECONDS);
        front.addParticipant(callId, alice.userId(), dave.userId()).get(5, TimeUnit.SECONDS);
        await(() -> asterisk.bridges().size() == 4, "four bridges");

        assertThatThrownBy(() -> front.addParticipant(callId, alice.userId(), erin.userId()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallRefusedException.class)
                .satisfies(e -> assertThat(((CallRefusedException) e).reason()).isEqualTo(CallRefusedException.Reason.CALL_FULL));
        assertThat(asterisk.liveChannelOf("PJSIP/erin")).isEmpty();
        assertThat(asterisk.bridges()).hasSize(4);
    }

    @Test
    void hangUpMissedDuringAWebSocketDropIsReconciledAfterReconnect() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);
        String bobChannel = asterisk.liveChannelOf("PJSIP/bob").orElseThrow();

        asterisk.acceptWebSockets(false);
        front.dropEventConnection();
        await(() -> asterisk.connectedWebSockets() == 0, "disconnected");
        asterisk.hangupFromPhone(bobChannel); // its events are lost: nobody is listening
        asterisk.acceptWebSockets(true);
        await(() -> front.connects() == 2, "reconnected");

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up after reconcile");
        assertThat(rules.status(callId)).isEqualTo("ended");
        await(() -> asterisk.bridges().isEmpty(), "bridges removed");
    }

    @Test
    void callSurvivesAWebSocketDropWhenNothingHappenedMeanwhile() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        asterisk.dropWebSockets();
        await(() -> front.connects() == 2, "reconnected");
        assertThat(front.activeCalls().get()).isEqualTo(1);
        assertThat(asterisk.bridges()).hasSize(2);

        asterisk.hangupFromPhone(aliceChannel);
        await(() -> rules.status(callId).equals("ended"), "ended after reconnect");
    }

    @Test
    void asteriskRestartEndsItsCallsAndTheFrontReconnects() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        asterisk.restartAsterisk();

        await(() -> front.connects() == 2, "reconnected");
        await(() -> "ended".equals(rules.status(callId)), "call ended");
        assertThat(front.activeCalls().get()).isZero();
        assertThat(media.legsByUser.values()).allMatch(l -> l.closed);

        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String again = asterisk.incomingCall("alice", "alice", "bob");
        await(() -> asterisk.stateOf(again).equals("Up"), "a new call works after the restart");
    }

    @Test
    void lostExternalMediaChannelIsReplacedWhileTheParticipantStaysInTheCall() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);
        String aliceBridge = asterisk.bridges().entrySet().stream()
                .filter(e -> e.getValue().contains(aliceChannel)).findFirst().orElseThrow().getKey();
        String lostMedia = asterisk.bridges().get(aliceBridge).stream().filter(id -> !id.equals(aliceChannel))
                .findFirst().orElseThrow();

        asterisk.hangupFromPhone(lostMedia);

        await(() -> asterisk.bridges().values().stream().anyMatch(m -> m.contains(aliceChannel) && m.size() == 2
                && !m.contains(lostMedia)), "alice has a new externalMedia channel");
        assertThat(rules.status(callId)).isEqualTo("ongoing");
        assertThat(asterisk.isLive(aliceChannel)).isTrue();
    }

    @Test
    void leaveAndMuteMadeThroughTheRecordsReachAsterisk() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        asterisk.phone("PJSIP/dave", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);
        front.addParticipant(callId, alice.userId(), dave.userId()).get(5, TimeUnit.SECONDS);
        await(() -> asterisk.bridges().size() == 3, "three bridged");
        String bobChannel = asterisk.liveChannelOf("PJSIP/bob").orElseThrow();

        rules.setMuted(callId, alice.userId(), true);   // as the REST API would
        rules.leave(callId, bob.userId());
        front.followRecords().get(5, TimeUnit.SECONDS);

        await(() -> !asterisk.isLive(bobChannel), "bob hung up");
        assertThat(media.legsByUser.get(1L).muted).isTrue();
        assertThat(asterisk.bridges()).hasSize(2);

        rules.leave(callId, dave.userId()); // the call ends in the records
        front.followRecords().get(5, TimeUnit.SECONDS);
        await(() -> !asterisk.isLive(aliceChannel), "alice hung up");
        assertThat(front.activeCalls().get()).isZero();
    }

    @Test
    void starKeyTogglesTheParticipantsMute() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);
        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");
        long callId = connectedCall(aliceChannel);

        asterisk.dtmfFromPhone(aliceChannel, '*');
        await(() -> rules.isMuted(1), "muted");
        assertThat(media.legsByUser.get(1L).muted).isTrue();
        asterisk.dtmfFromPhone(aliceChannel, '5');
        asterisk.dtmfFromPhone(aliceChannel, '*');
        await(() -> !rules.isMuted(1), "unmuted");

        assertThat(media.legsByUser.get(1L).muted).isFalse();
        assertThat(rules.log()).containsSubsequence("mute 1", "unmute 1");
    }

    @Test
    void unknownCallerAndNonContactAreRefusedWithoutACall() throws Exception {
        String stranger = asterisk.incomingCall("mallory", "mallory", "bob");
        await(() -> !asterisk.isLive(stranger), "stranger refused");
        rules.user(6, "en", "frank", null);
        String notContact = asterisk.incomingCall("frank", "frank", "bob");
        await(() -> !asterisk.isLive(notContact), "non-contact refused");

        assertThat(rules.callCount()).isZero();
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("DELETE /channels/" + stranger) && r.contains("reason=rejected"));
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("DELETE /channels/" + notContact) && r.contains("reason=rejected"));
    }

    @Test
    void trunkCallerIsIdentifiedByCallerIdAndDialsBySipUsername() throws Exception {
        asterisk.phone("PJSIP/bob", Answer.ANSWER, 20);

        String fromPstn = asterisk.incomingTrunkCall("+15550001", "bob");

        long callId = connectedCall(fromPstn);
        assertThat(rules.log()).containsExactly("start 1->2");
    }

    @Test
    void offlineCalleeIsRefusedWithoutRinging() throws Exception {
        rules.setOnline(bob.userId(), false);

        String aliceChannel = asterisk.incomingCall("alice", "alice", "bob");

        await(() -> !asterisk.isLive(aliceChannel), "alice refused");
        assertThat(asterisk.liveChannelOf("PJSIP/bob")).isEmpty();
        assertThat(rules.callCount()).isZero();
        assertThat(asterisk.requests()).anyMatch(r -> r.startsWith("DELETE /channels/" + aliceChannel) && r.contains("reason=no_answer"));
    }

    @Test
    void softphoneRegistrationStatesReachPresence() throws Exception {
        asterisk.endpointState("bob", false);
        await(() -> !rules.isOnline(bob.userId()), "bob offline");

        asterisk.endpointState("bob", true);

        await(() -> rules.isOnline(bob.userId()), "bob online");
        assertThat(rules.log()).containsSubsequence("offline bob", "online bob");
        assertThat(asterisk.rejectedRequests()).isEmpty();
    }

    @Test
    void pushesUsersPjsipEndpointsOnConnect() throws Exception {
        await(() -> asterisk.dynamicConfig().containsKey("res_pjsip/endpoint/alice"), "endpoint pushed");
        Map<String, Map<String, String>> config = asterisk.dynamicConfig();
        assertThat(config.get("res_pjsip/auth/alice")).containsEntry("auth_type", "md5")
                .containsEntry("md5_cred", "0123456789abcdef0123456789abcdef").containsEntry("realm", "babel-bridge");
        assertThat(config.get("res_pjsip/endpoint/alice")).containsEntry("auth", "alice").containsEntry("aors", "alice")
                .containsEntry("context", "from-softphones");

        front.publishEndpoint(new SoftphoneAccount("bob", "fedcba9876543210fedcba9876543210", "ru")).get(5, TimeUnit.SECONDS);
        assertThat(asterisk.dynamicConfig()).containsKey("res_pjsip/aor/bob");
        front.removeEndpoint("bob").get(5, TimeUnit.SECONDS);
        assertThat(asterisk.dynamicConfig()).doesNotContainKeys("res_pjsip/aor/bob", "res_pjsip/endpoint/bob");
    }

    @Test
    void periodicSyncPushesNewSecretsAndRemovesRevokedOnes() throws Exception {
        await(() -> asterisk.dynamicConfig().containsKey("res_pjsip/endpoint/alice"), "initial push");
        assertThat(front.syncEndpoints().get(5, TimeUnit.SECONDS)).isZero();

        accounts.add(new SoftphoneAccount("dave", "11111111111111111111111111111111", "en"));
        accounts.set(0, new SoftphoneAccount("alice", "22222222222222222222222222222222", "en"));
        assertThat(front.syncEndpoints().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(asterisk.dynamicConfig().get("res_pjsip/auth/alice")).containsEntry("md5_cred", "22222222222222222222222222222222");
        assertThat(asterisk.dynamicConfig()).containsKey("res_pjsip/endpoint/dave");

        accounts.remove(1);
        assertThat(front.syncEndpoints().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(asterisk.dynamicConfig()).doesNotContainKeys("res_pjsip/endpoint/dave", "res_pjsip/auth/dave");
    }
}
