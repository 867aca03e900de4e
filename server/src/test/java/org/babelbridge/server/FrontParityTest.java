package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.babelbridge.ari.sim.AriSimulator;
import org.babelbridge.ari.sim.Prompts;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallStatus;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.adapter.Baresip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same call through either front gives the same records. Alice (English) calls Boris (Russian) and says
 * Asterisk's "goodbye" prompt, then hangs up: once through the SIP front with two real baresip phones, once
 * through the Asterisk front against the ARI protocol simulator, each with the application's own wiring (server
 * context, TranscriptBridge, offline engines) on one database. The call, participant and transcript rows must be
 * equal apart from ids and times.
 */
class FrontParityTest {

    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");

    @Test
    void sipAndAsteriskFrontsRecordTheSameCallParticipantsAndTranscript(@TempDir Path work) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Users users;
            long sipCall;
            int sipPort = freePort();
            try (ApplicationContext ctx = ApplicationContext.builder().properties(props(db, work.resolve("sip-data"),
                    Map.of("babel.sip.enabled", "true", "babel.sip.port", sipPort,
                            "babel.media.rtp-port-min", 45000, "babel.media.rtp-port-max", 45200))).start()) {
                users = users(ctx);
                sipCall = sipCall(ctx, users, sipPort, work);
            }
            long ariCall;
            try (AriSimulator asterisk = AriSimulator.start("babel-bridge", "bridge", "secret");
                 ApplicationContext ctx = ApplicationContext.builder().properties(props(db, work.resolve("ari-data"),
                         Map.of("babel.sip.enabled", "false", "babel.ari.enabled", "true",
                                 "babel.ari.url", asterisk.baseUrl().toString(), "babel.ari.username", "bridge",
                                 "babel.ari.password", "secret", "babel.ari.media-host", "127.0.0.1",
                                 "babel.media.rtp-port-min", 45200, "babel.media.rtp-port-max", 45400))).start()) {
                ariCall = ariCall(ctx, asterisk, users);
            }

            try (Connection c = db.connect()) {
                Map<String, List<List<Object>>> viaSip = records(c, sipCall);
                Map<String, List<List<Object>>> viaAri = records(c, ariCall);
                org.slf4j.LoggerFactory.getLogger(FrontParityTest.class).info("records of call {} (SIP): {}", sipCall, viaSip);
                org.slf4j.LoggerFactory.getLogger(FrontParityTest.class).info("records of call {} (ARI): {}", ariCall, viaAri);
                assertThat(viaSip.get("transcript")).as("the SIP call's transcript").isNotEmpty();
                assertThat(viaAri).isEqualTo(viaSip);
            }
        }
    }

    private record Users(UserAccount alice, UserAccount boris, SipSecret aliceSip, SipSecret borisSip) {
    }

    private static Users users(ApplicationContext ctx) {
        AccountService accounts = ctx.getBean(AccountService.class);
        ContactService contacts = ctx.getBean(ContactService.class);
        SipIdentityService sip = ctx.getBean(SipIdentityService.class);
        UserAccount alice = accounts.register(new Registration("alice@example.com", "correct horse battery", "Alice",
                "en", null));
        UserAccount boris = accounts.register(new Registration("boris@example.com", "correct horse battery", "Boris",
                "ru", null));
        contacts.add(alice.id(), boris.email(), null, null);
        contacts.add(boris.id(), alice.email(), null, null);
        return new Users(alice, boris, sip.issueSipSecret(alice.id()), sip.issueSipSecret(boris.id()));
    }

    private static long sipCall(ApplicationContext ctx, Users u, int sipPort, Path work) throws Exception {
        SipFront front = ctx.getBean(SipFront.class);
        Path speech = work.resolve("alice.wav");
        sox(SOUNDS.resolve("en/vm-goodbye.wav").toString(), speech.toString(), "pad", "1", "8");
        Path silence = work.resolve("silence.wav");
        sox("-n", "-r", "8000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", "30");
        try (Baresip boris = Baresip.start(work.resolve("boris"), freePort(), sipPort, u.borisSip().sipUsername(),
                u.borisSip().secret(), silence, 25, null)) {
            await(() -> !front.registrations().contacts(u.boris().id()).isEmpty(), "boris registered", 15);
            try (Baresip alice = Baresip.start(work.resolve("alice"), freePort(), sipPort, u.aliceSip().sipUsername(),
                    u.aliceSip().secret(), speech, 12,
                    "sip:" + u.borisSip().sipUsername() + "@127.0.0.1:" + sipPort)) {
                assertThat(alice.awaitExit(40)).as(alice.log()).isTrue();
            }
            await(() -> front.activeCalls() == 0, "SIP call over", 15);
        }
        ctx.getBean(TranscriptRecorder.class).flush(Duration.ofSeconds(10));
        return ctx.getBean(CallService.class).history(u.alice().id(), 0, 10).get(0).id();
    }

    private static long ariCall(ApplicationContext ctx, AriSimulator asterisk, Users u) throws Exception {
        String aliceSip = u.aliceSip().sipUsername();
        String borisSip = u.borisSip().sipUsername();
        asterisk.endpointState(aliceSip, true);
        asterisk.endpointState(borisSip, true);
        asterisk.phone("PJSIP/" + borisSip, AriSimulator.Answer.ANSWER, 100);
        asterisk.voice("PJSIP/" + aliceSip, Prompts.load("en", "vm-goodbye", 16_000));
        await(() -> asterisk.connectedWebSockets() == 1, "ARI front connected", 15);
        PresenceService presence = ctx.getBean(PresenceService.class);
        await(() -> presence.isOnline(u.boris().id()), "boris online from his endpoint state", 15);
        CallService calls = ctx.getBean(CallService.class);

        String aliceChannel = asterisk.incomingCall(aliceSip, aliceSip, borisSip);
        await(() -> calls.activeCallOf(u.alice().id()).isPresent(), "ARI call answered", 20);
        long callId = calls.activeCallOf(u.alice().id()).orElseThrow().id();
        // The prompt plays once; give the pipeline the time the SIP call had before Alice hung up.
        Thread.sleep(9_000);
        asterisk.hangupFromPhone(aliceChannel);
        await(() -> calls.find(callId).orElseThrow().status() == CallStatus.ENDED, "ARI call over", 15);
        ctx.getBean(TranscriptRecorder.class).flush(Duration.ofSeconds(10));
        return callId;
    }

    /** A call's rows without ids and times: the call, its participants and its transcript, in a stable order. */
    private static Map<String, List<List<Object>>> records(Connection c, long callId) throws Exception {
        Map<String, List<List<Object>>> records = new HashMap<>();
        records.put("call", rows(c, "SELECT caller_user_id, call_language, is_active, status, participant_count,"
                + " duration_seconds IS NOT NULL FROM calls WHERE id = ?", callId));
        records.put("participants", rows(c, "SELECT user_id, participant_language, left_at IS NOT NULL, is_muted,"
                + " dubbing_required, use_voice_clone FROM call_participants WHERE call_id = ? ORDER BY user_id", callId));
        records.put("transcript", rows(c, "SELECT speaker_user_id, original_language, original_text, listener_language,"
                + " translated_text, untranslated, stt_ms IS NOT NULL FROM call_transcripts WHERE call_id = ?"
                + " ORDER BY original_text, listener_language", callId));
        return records;
    }

    private static List<List<Object>> rows(Connection c, String sql, long callId) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, callId);
            try (ResultSet r = q.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(r.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> props(TestDatabase db, Path dataDir, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "test-signing-secret-that-is-long-enough-for-hs256");
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.putAll(extra);
        return props;
    }

    private static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        return org.babelbridge.sip.testing.FreePorts.udpAndTcp();
    }

    private static void sox(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sox"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("sox " + String.join(" ", args)).isZero();
    }
}
