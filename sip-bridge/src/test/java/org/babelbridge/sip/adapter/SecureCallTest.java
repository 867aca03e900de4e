package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.LegStats;
import org.babelbridge.media.srtp.SrtpStats;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipTlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real baresip agents registered over TLS, insisting on SRTP (SDES), call each other through the
 * bridge: the listener hears the speaker, both legs carry authenticated SRTP only, and a forged packet
 * is dropped and counted.
 */
class SecureCallTest {

    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");
    private static final String PASSWORD = "changeit";

    private int tlsPort;
    private SpeechBridgeUnderTest bridge;
    private final List<Baresip> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bridge = SpeechBridgeUnderTest.prepare("secure-call", 43000, 43200, utterance -> { });
        certificates();
        tlsPort = freeTcpPort();
        bridge.startFront(SipFrontOptions.standalone().withTls(new SipTlsSettings(tlsPort,
                bridge.work.resolve("bridge.p12"), PASSWORD, "PKCS12", bridge.work.resolve("trust.p12"), PASSWORD)));
    }

    /** The bridge's certificate in a PKCS12 key store; the phones' certificate, trusted by the bridge. */
    private void certificates() throws Exception {
        for (String name : List.of("bridge", "phone")) {
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", bridge.work.resolve(name + ".key").toString(), "-out", bridge.work.resolve(name + ".crt").toString(),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        }
        Files.writeString(bridge.work.resolve("phone.pem"), Files.readString(bridge.work.resolve("phone.crt"))
                + Files.readString(bridge.work.resolve("phone.key")));
        run("openssl", "pkcs12", "-export", "-in", bridge.work.resolve("bridge.crt").toString(), "-inkey",
                bridge.work.resolve("bridge.key").toString(), "-name", "bridge", "-out", bridge.work.resolve("bridge.p12").toString(),
                "-passout", "pass:" + PASSWORD);
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "phone", "-file", bridge.work.resolve("phone.crt").toString(), "-keystore",
                bridge.work.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        for (Baresip agent : agents) {
            agent.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void tlsRegisteredPhonesCallOverSrtpAndForgedPacketsAreDropped() throws Exception {
        UserAccount alice = user("Alice");
        UserAccount bob = user("Bob");
        ContactService contacts = bridge.context.getBean(ContactService.class);
        contacts.add(alice.id(), bob.email(), null, null);
        contacts.add(bob.id(), alice.email(), null, null);
        SipIdentityService identities = bridge.context.getBean(SipIdentityService.class);
        SipSecret aliceSip = identities.issueSipSecret(alice.id());
        SipSecret bobSip = identities.issueSipSecret(bob.id());

        Path prompt = SOUNDS.resolve("en/all-circuits-busy-now.wav");
        Path speech = bridge.work.resolve("alice.wav");
        TranslatedCallTest.sox(prompt.toString(), speech.toString(), "pad", "2", "6");
        Path silence = bridge.work.resolve("silence.wav");
        TranslatedCallTest.sox("-n", "-r", "8000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", "30");

        Baresip bobAgent = Baresip.startSecure(bridge.work.resolve("bob"), agentPort(), tlsPort, bobSip.sipUsername(),
                bobSip.secret(), silence, 25, null, bridge.work.resolve("phone.pem"), bridge.work.resolve("bridge.crt"));
        agents.add(bobAgent);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (bridge.front.registrations().contacts(bob.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(bridge.front.registrations().contacts(bob.id())).as(bobAgent.log()).isNotEmpty();
        assertThat(bridge.front.registrations().contacts(bob.id()).get(0).contactUri()).containsIgnoringCase("transport=tls");

        Baresip aliceAgent = Baresip.startSecure(bridge.work.resolve("alice"), agentPort(), tlsPort, aliceSip.sipUsername(),
                aliceSip.secret(), speech, 14, "sip:" + bobSip.sipUsername() + "@127.0.0.1:" + tlsPort + ";transport=tls",
                bridge.work.resolve("phone.pem"), bridge.work.resolve("bridge.crt"));
        agents.add(aliceAgent);

        CallService calls = bridge.context.getBean(CallService.class);
        long callDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (calls.activeCallOf(alice.id()).isEmpty() && System.nanoTime() < callDeadline) {
            Thread.sleep(100);
        }
        long callId = calls.activeCallOf(alice.id())
                .orElseThrow(() -> new AssertionError("no call; alice: " + aliceAgent.log() + "\nbob: " + bobAgent.log()))
                .id();
        while (bridge.media.call(Long.toString(callId)).isEmpty() && System.nanoTime() < callDeadline) {
            Thread.sleep(50); // the call record is made just before its media starts
        }
        CallMedia callMedia = bridge.media.call(Long.toString(callId))
                .orElseThrow(() -> new AssertionError("no media; alice: " + aliceAgent.log() + "\nbob: " + bobAgent.log()));
        Thread.sleep(3000);
        // A forged packet to Bob's leg: a valid RTP header, a payload, and a tag that cannot be right.
        LegStats bobLeg = callMedia.legStatsByParticipant().get(Long.toString(bob.id()));
        String bobId = Long.toString(bob.id());
        long failuresBefore = callMedia.srtpStatsByParticipant().get(bobId).authenticationFailures();
        long authenticatedBefore = callMedia.srtpStatsByParticipant().get(bobId).rtpAuthenticated();
        byte[] forged = new byte[12 + 160 + 10];
        forged[0] = (byte) 0x80;
        forged[3] = 7;
        forged[11] = 0x42;
        try (DatagramSocket forger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            forger.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), bobLeg.localPort()));
        }
        Thread.sleep(500);
        SrtpStats afterForgery = callMedia.srtpStatsByParticipant().get(bobId);
        assertThat(afterForgery.authenticationFailures() - failuresBefore).as("the forged packet, dropped").isEqualTo(1);
        assertThat(afterForgery.rtpAuthenticated()).as("Bob's SRTP keeps flowing").isGreaterThan(authenticatedBefore);
        assertThat(callMedia.legStatsByParticipant().get(bobId).remote().getPort())
                .as("the forgery did not move Bob's media destination").isEqualTo(bobLeg.remote().getPort());
        Map<String, SrtpStats> srtp = Map.of();
        while (calls.activeCallOf(alice.id()).isPresent()) {
            Map<String, SrtpStats> now = callMedia.srtpStatsByParticipant();
            if (now.size() == 2) {
                srtp = now;
            }
            Thread.sleep(200);
        }
        assertThat(aliceAgent.awaitExit(30)).isTrue();
        bobAgent.close();

        SrtpStats aliceSrtp = srtp.get(Long.toString(alice.id()));
        SrtpStats bobSrtp = srtp.get(Long.toString(bob.id()));
        org.slf4j.LoggerFactory.getLogger(SecureCallTest.class).info("SRTP on Alice's leg: {}; on Bob's leg: {}",
                aliceSrtp, bobSrtp);
        assertThat(aliceSrtp.rtpAuthenticated()).as("SRTP packets from Alice").isGreaterThan(300);
        assertThat(bobSrtp.rtpAuthenticated()).as("SRTP packets from Bob").isGreaterThan(300);
        assertThat(aliceSrtp.rtpProtected()).isGreaterThan(300);
        assertThat(bobSrtp.rtpProtected()).isGreaterThan(300);
        // baresip sends its RTCP BYE in the clear as it hangs up: dropped and counted too.
        assertThat(bobSrtp.authenticationFailures()).isGreaterThanOrEqualTo(1);

        double correlation = TranslatedCallTest.bestCorrelation(TranslatedCallTest.readPcm(bobAgent.heard()),
                TranslatedCallTest.readPcm(prompt));
        org.slf4j.LoggerFactory.getLogger(SecureCallTest.class).info("Bob's recording correlates {} with the prompt",
                correlation);
        assertThat(correlation).as("Bob hears Alice through SRTP both ways").isGreaterThanOrEqualTo(0.5);
    }

    private UserAccount user(String name) {
        return bridge.user(name, "en");
    }

    /** A port for an agent, whose TLS listener takes the next one as well. */
    private static int agentPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = TranslatedCallTest.freePort();
            if (port < 65535 && tcpFree(port + 1)) {
                return port;
            }
        }
        throw new IOException("no pair of free ports");
    }

    private static boolean tcpFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
