package org.babelbridge.ari;

import io.micronaut.context.ApplicationContext;
import org.babelbridge.ari.calls.CallServiceRules;
import org.babelbridge.ari.client.AriSettings;
import org.babelbridge.ari.media.ConferenceParticipantMedia;
import org.babelbridge.ari.sim.AriSimulator;
import org.babelbridge.ari.sim.AriSimulator.Answer;
import org.babelbridge.ari.sim.Prompts;
import org.babelbridge.ari.sim.SimulatedRtpPeer;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.CallStatus;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.UserRepository;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole Asterisk front against the ARI protocol simulator, with everything else real: the calls
 * services on PostgreSQL, the media engine, and the offline speech engines (PocketSphinx English,
 * the English-Russian phrase memory from Asterisk's prompts, espeak-ng). The English speaker's
 * phone sends a recorded prompt as RTP; the Russian listener's phone must get dubbed Russian back,
 * and the database must hold the call and its bilingual transcript.
 */
class AsteriskFrontEndToEndContractTest {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static TestDatabase db;
    private static ApplicationContext context;
    private static OfflineEngines speech;
    private static Path work;

    private AriSimulator asterisk;
    private MediaEngine engine;
    private ConferenceParticipantMedia media;
    private AriFront front;
    private UserAccount alice;
    private UserAccount boris;
    // What the dubbing pipelines reported; the server turns these into transcript rows (TranscriptBridge).
    private final List<UtteranceEvent> utterances = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServices() throws Exception {
        work = Files.createTempDirectory("ari-e2e");
        db = TestDatabase.create();
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.put("babel.data-dir", work.toString());
        context = ApplicationContext.builder().properties(props).start();
        speech = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work.resolve("speech")));
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (speech != null) {
            speech.close();
        }
        if (context != null) {
            context.close();
        }
        if (db != null) {
            db.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void start() throws Exception {
        AccountService accounts = context.getBean(AccountService.class);
        ContactService contacts = context.getBean(ContactService.class);
        SipIdentityService sip = context.getBean(SipIdentityService.class);
        int n = SEQ.incrementAndGet();
        alice = accounts.register(new Registration("alice" + n + "@example.com", "correct horse battery", "Alice",
                "en", null));
        boris = accounts.register(new Registration("boris" + n + "@example.com", "correct horse battery", "Boris",
                "ru", null));
        contacts.add(alice.id(), boris.email(), null, null);
        contacts.add(boris.id(), alice.email(), null, null);
        String aliceSip = sip.issueSipSecret(alice.id()).sipUsername();
        String borisSip = sip.issueSipSecret(boris.id()).sipUsername();
        alice = accounts.find(alice.id()).orElseThrow();
        boris = accounts.find(boris.id()).orElseThrow();
        assertThat(alice.sipUsername()).isEqualTo(aliceSip);

        asterisk = AriSimulator.start("babel-bridge", "bridge", "secret");
        asterisk.endpointState(aliceSip, true);
        asterisk.endpointState(borisSip, true);
        asterisk.phone("PJSIP/" + borisSip, Answer.ANSWER, 100);
        asterisk.voice("PJSIP/" + aliceSip, Prompts.load("en", "vm-goodbye", 16_000));

        engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1").withPorts(32000, 32200)
                .withTickerThreads(1), MediaClock.system());
        utterances.clear();
        media = new ConferenceParticipantMedia(engine, speech.engines(), DubbingConfig.DEFAULTS, Clock.systemUTC(),
                user -> Participant.of(Long.toString(user.userId()),
                        org.babelbridge.speech.Language.fromCode(user.language()), VoiceProfile.NEUTRAL_MALE),
                utterances::add);
        CallServiceRules rules = new CallServiceRules(context.getBean(CallService.class), accounts, sip,
                context.getBean(PresenceService.class), context.getBean(UserRepository.class));
        front = AriFront.start(new AriSettings(asterisk.baseUrl(), "bridge", "secret", "babel-bridge", 5_000, 50, 500),
                new AriControllerSettings("trunk", "127.0.0.1", ExternalMediaFormat.SLIN16, 30, '*'),
                rules, media, rules::softphoneAccounts, sip.realm());
        await(() -> asterisk.connectedWebSockets() == 1, "front connected", 10);
    }

    @AfterEach
    void stop() {
        front.close();
        media.close();
        engine.close();
        asterisk.close();
    }

    static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void englishSpeakerIsDubbedIntoRussianForTheRussianListenerAndTheCallIsRecorded() throws Exception {
        PresenceService presence = context.getBean(PresenceService.class);
        await(() -> presence.isOnline(boris.id()), "boris online from his endpoint state", 10);
        assertThat(asterisk.dynamicConfig()).containsKey("res_pjsip/endpoint/" + alice.sipUsername());

        String aliceChannel = asterisk.incomingCall(alice.sipUsername(), alice.sipUsername(), boris.sipUsername());
        await(() -> asterisk.liveChannelOf("PJSIP/" + boris.sipUsername()).isPresent()
                && asterisk.mediaOf(asterisk.liveChannelOf("PJSIP/" + boris.sipUsername()).get()).isPresent(),
                "boris connected", 15);
        String borisChannel = asterisk.liveChannelOf("PJSIP/" + boris.sipUsername()).orElseThrow();
        SimulatedRtpPeer borisPhone = asterisk.mediaOf(borisChannel).orElseThrow();

        // "goodbye" is recognised, translated and spoken in Russian. Boris also hears Alice's original
        // ducked by 15 dB; the dubbed speech must add well over the loud time of that ducked original.
        short[] prompt = Prompts.load("en", "vm-goodbye", 16_000);
        short[] ducked = new short[prompt.length];
        for (int i = 0; i < prompt.length; i++) {
            ducked[i] = (short) (prompt[i] * Math.pow(10, -15 / 20.0));
        }
        long duckedOriginalMs = Prompts.loudMs(ducked, 16_000, 300);
        await(() -> Prompts.loudMs(borisPhone.receivedPcm(), 16_000, 300) >= duckedOriginalMs + 400,
                "dubbed speech at boris", 60);
        assertThat(media.stats()).singleElement().asString().contains("dubbedUtterances=1");
        CallService calls = context.getBean(CallService.class);
        long callId = calls.activeCallOf(alice.id()).orElseThrow().id();
        await(() -> !utterances.isEmpty(), "utterance reported", 30);

        asterisk.hangupFromPhone(aliceChannel);
        await(() -> !asterisk.isLive(borisChannel), "boris hung up", 10);

        CallSession call = calls.find(callId).orElseThrow();
        assertThat(call.status()).isEqualTo(CallStatus.ENDED);
        assertThat(call.active()).isFalse();
        assertThat(call.callLanguage()).isEqualTo(Language.EN);
        assertThat(call.callerUserId()).isEqualTo(alice.id());
        assertThat(call.participants()).hasSize(2).allMatch(p -> !p.active());
        // The Russian listener's language got a translation; English listeners hear the original.
        assertThat(utterances).singleElement().satisfies(u -> {
            assertThat(u.callId()).isEqualTo(Long.toString(callId));
            assertThat(u.speakerId()).isEqualTo(Long.toString(alice.id()));
            assertThat(u.speakerLanguage()).isEqualTo(org.babelbridge.speech.Language.EN);
            assertThat(u.originalText()).isEqualTo("goodbye");
            assertThat(u.translations()).singleElement().satisfies(t -> {
                assertThat(t.language()).isEqualTo(org.babelbridge.speech.Language.RU);
                assertThat(t.translatedText()).startsWith("До свидания");
            });
        });
        assertThat(asterisk.rejectedRequests()).isEmpty();
    }

    @Test
    void fourParticipantsJoinAndAFifthIsRefusedByTheCallRules() throws Exception {
        AccountService accounts = context.getBean(AccountService.class);
        ContactService contacts = context.getBean(ContactService.class);
        SipIdentityService sip = context.getBean(SipIdentityService.class);
        CallService calls = context.getBean(CallService.class);
        PresenceService presence = context.getBean(PresenceService.class);
        List<UserAccount> others = new java.util.ArrayList<>();
        for (String name : List.of("Carol", "Dave", "Erin")) {
            int n = SEQ.incrementAndGet();
            UserAccount u = accounts.register(new Registration(name.toLowerCase() + n + "@example.com",
                    "correct horse battery", name, "en", null));
            contacts.add(alice.id(), u.email(), null, null);
            contacts.add(u.id(), alice.email(), null, null);
            String sipName = sip.issueSipSecret(u.id()).sipUsername();
            asterisk.endpointState(sipName, true);
            asterisk.phone("PJSIP/" + sipName, Answer.ANSWER, 50);
            others.add(accounts.find(u.id()).orElseThrow());
        }
        await(() -> others.stream().allMatch(u -> presence.isOnline(u.id())) && presence.isOnline(boris.id()),
                "everyone online", 10);
        String aliceChannel = asterisk.incomingCall(alice.sipUsername(), alice.sipUsername(), boris.sipUsername());
        await(() -> calls.activeCallOf(alice.id()).isPresent(), "call started", 15);
        long callId = calls.activeCallOf(alice.id()).orElseThrow().id();

        front.addParticipant(callId, alice.id(), others.get(0).id()).get(10, TimeUnit.SECONDS);
        front.addParticipant(callId, alice.id(), others.get(1).id()).get(10, TimeUnit.SECONDS);
        await(() -> asterisk.bridges().size() == 4, "four participants bridged", 15);

        assertThatThrownBy(() -> front.addParticipant(callId, alice.id(), others.get(2).id()).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(CallRefusedException.class)
                .satisfies(e -> assertThat(((CallRefusedException) e).reason()).isEqualTo(CallRefusedException.Reason.CALL_FULL));
        assertThat(asterisk.liveChannelOf("PJSIP/" + others.get(2).sipUsername())).isEmpty();
        assertThat(calls.find(callId).orElseThrow().activeUserIds()).hasSize(4);

        asterisk.hangupFromPhone(aliceChannel);
        await(() -> calls.find(callId).orElseThrow().activeUserIds().size() == 3, "alice left", 10);
        assertThat(calls.find(callId).orElseThrow().status()).isEqualTo(CallStatus.ONGOING);
        for (String endpoint : List.of(boris.sipUsername(), others.get(0).sipUsername())) {
            asterisk.hangupFromPhone(asterisk.liveChannelOf("PJSIP/" + endpoint).orElseThrow());
        }
        await(() -> calls.find(callId).orElseThrow().status() == CallStatus.ENDED, "call ended", 10);
        await(() -> asterisk.liveChannelNames().isEmpty() && asterisk.bridges().isEmpty(), "all hung up", 10);
        assertThat(calls.find(callId).orElseThrow().participants()).hasSize(4).allMatch(p -> !p.active());
    }

    @Test
    void callSurvivesAWebSocketDropAndAHangUpLostMeanwhileEndsItInTheDatabase() throws Exception {
        CallService calls = context.getBean(CallService.class);
        String aliceChannel = asterisk.incomingCall(alice.sipUsername(), alice.sipUsername(), boris.sipUsername());
        await(() -> asterisk.bridges().size() == 2, "both bridged", 15);
        long callId = calls.activeCallOf(alice.id()).orElseThrow().id();

        asterisk.dropWebSockets();
        await(() -> front.connects() == 2, "reconnected", 10);
        assertThat(calls.find(callId).orElseThrow().active()).isTrue();
        assertThat(asterisk.bridges()).hasSize(2);

        asterisk.acceptWebSockets(false);
        front.dropEventConnection();
        await(() -> asterisk.connectedWebSockets() == 0, "disconnected again", 10);
        asterisk.hangupFromPhone(asterisk.liveChannelOf("PJSIP/" + boris.sipUsername()).orElseThrow());
        asterisk.acceptWebSockets(true);
        await(() -> front.connects() == 3, "reconnected again", 10);

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up after reconcile", 10);
        CallSession call = calls.find(callId).orElseThrow();
        assertThat(call.status()).isEqualTo(CallStatus.ENDED);
        assertThat(call.participants()).hasSize(2).allMatch(p -> !p.active());
        await(() -> asterisk.bridges().isEmpty(), "bridges removed", 10);
    }

    @Test
    void leavingThroughTheCallServiceHangsUpTheChannels() throws Exception {
        CallService calls = context.getBean(CallService.class);
        String aliceChannel = asterisk.incomingCall(alice.sipUsername(), alice.sipUsername(), boris.sipUsername());
        await(() -> asterisk.bridges().size() == 2, "both bridged", 15);
        long callId = calls.activeCallOf(alice.id()).orElseThrow().id();
        String borisChannel = asterisk.liveChannelOf("PJSIP/" + boris.sipUsername()).orElseThrow();

        calls.leave(callId, boris.id()); // POST /calls/{id}/leave does this
        front.followRecords().get(10, TimeUnit.SECONDS);

        await(() -> !asterisk.isLive(borisChannel) && !asterisk.isLive(aliceChannel), "both hung up", 10);
        assertThat(calls.find(callId).orElseThrow().status()).isEqualTo(CallStatus.ENDED);
        await(() -> asterisk.bridges().isEmpty(), "bridges removed", 10);
    }

    @Test
    void unansweredCallIsRecordedAsMissed() throws Exception {
        asterisk.phone("PJSIP/" + boris.sipUsername(), Answer.NO_ANSWER, 200);

        String aliceChannel = asterisk.incomingCall(alice.sipUsername(), alice.sipUsername(), boris.sipUsername());

        await(() -> !asterisk.isLive(aliceChannel), "alice hung up", 10);
        CallSession last = context.getBean(CallService.class).history(alice.id(), 0, 1).get(0);
        assertThat(last.status()).isEqualTo(CallStatus.MISSED);
        assertThat(last.active()).isFalse();
        assertThat(last.participants()).extracting(p -> p.userId()).containsExactly(alice.id(), boris.id());
    }
}
