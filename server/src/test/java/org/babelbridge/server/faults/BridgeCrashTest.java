package org.babelbridge.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallSession;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge, a real server process started by the test, is killed with SIGKILL while a call is
 * active and then restarted: the call is reconciled as ended with a note, a late BYE from a phone
 * gets 481, late RTP is ignored, and the rest of the data is untouched.
 */
class BridgeCrashTest {

    private static final int RTP_MIN = 44600;
    private static final int RTP_MAX = 44700;

    private TestDatabase db;
    @TempDir
    Path dataDir;
    private int sipPort;
    private Process bridge;
    private ApplicationContext services;

    @BeforeEach
    void start() throws IOException {
        db = TestDatabase.create();
        sipPort = freeUdpPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (services != null) {
            services.close();
        }
        db.close();
    }

    @Test
    void aCallOfAKilledBridgeIsEndedWithANoteOnRestartAndLateByeAndRtpAreHandled() throws Exception {
        bridge = startBridge("first");
        services = servicesOverTheDatabase();
        AccountService accounts = services.getBean(AccountService.class);
        UserAccount alice = accounts.register(new Registration("alice@example.com", "correct horse battery", "Alice", "en", null));
        UserAccount boris = accounts.register(new Registration("boris@example.com", "correct horse battery", "Boris", "ru", null));
        services.getBean(ContactService.class).add(alice.id(), boris.email(), null, null);
        services.getBean(ContactService.class).add(boris.id(), alice.email(), null, null);
        services.getBean(PresenceService.class).markOnline(boris.id(), "sip:boris@127.0.0.1:5999", null);
        CallService calls = services.getBean(CallService.class);
        long callId = calls.start(alice.id(), boris.id()).id();
        Map<String, Long> before = tableCounts();

        bridge.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(bridge.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.find(callId).orElseThrow().active()).isTrue(); // nothing ended it on the way down

        bridge = startBridge("second");

        // Reconciliation runs once the restarted bridge's context has started, just after SIP is up.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (calls.find(callId).orElseThrow().active() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        CallSession reconciled = calls.find(callId).orElseThrow();
        assertThat(reconciled.active()).isFalse();
        assertThat(reconciled.endedAt()).isNotNull();
        assertThat(reconciled.notes()).contains("server stopped while the call was active");
        assertThat(reconciled.participants()).allSatisfy(p -> assertThat(p.leftAt()).isNotNull());
        assertThat(tableCounts()).isEqualTo(before);

        // The phone, unaware, hangs up its dialog with the old bridge.
        String bye = exchange("BYE sip:bridge@127.0.0.1:" + sipPort + " SIP/2.0",
                "From: <sip:alice@127.0.0.1>;tag=phone\r\nTo: <sip:boris@127.0.0.1>;tag=bridge-before-crash\r\n", "BYE");
        assertThat(bye).startsWith("SIP/2.0 481");
        // Its RTP keeps coming for a moment: ignored, and the bridge keeps serving.
        sendRtpTo(RTP_MIN, RTP_MAX);
        assertThat(exchange("OPTIONS sip:127.0.0.1 SIP/2.0", "From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:bridge@127.0.0.1>\r\n",
                "OPTIONS")).startsWith("SIP/2.0 200");
        assertThat(bridge.isAlive()).isTrue();
        assertThat(calls.find(callId).orElseThrow().active()).isFalse();
    }

    private Process startBridge(String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        db.micronautProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(
                "-Dbabel.data-dir=" + dataDir,
                "-Dbabel.jwt.secret=a-test-secret-that-is-long-enough-for-hs256-signing",
                "-Dbabel.sip.port=" + sipPort,
                "-Dbabel.media.rtp-port-min=" + RTP_MIN,
                "-Dbabel.media.rtp-port-max=" + RTP_MAX,
                "-Dmicronaut.server.port=-1",
                "-cp", System.getProperty("java.class.path"),
                "org.babelbridge.server.Application", "serve"));
        Path log = dataDir.resolve("bridge-" + name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until) {
            assertThat(process.isAlive()).as("bridge exited: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            try {
                if (exchange("OPTIONS sip:127.0.0.1 SIP/2.0", "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:bridge@127.0.0.1>\r\n",
                        "OPTIONS", 500).startsWith("SIP/2.0 200")) {
                    return process;
                }
            } catch (SocketTimeoutException notYet) {
                // still starting
            }
        }
        process.destroyForcibly();
        throw new AssertionError("bridge did not answer SIP within 90 s: " + Files.readString(log));
    }

    private ApplicationContext servicesOverTheDatabase() {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.put("babel.data-dir", dataDir.resolve("services").toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.enabled", "false");
        props.put("babel.sip.port", String.valueOf(freeUdpPort()));
        props.put("babel.media.rtp-port-min", "44800");
        props.put("babel.media.rtp-port-max", "44900");
        return ApplicationContext.builder().properties(props).start();
    }

    private Map<String, Long> tableCounts() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("users", "contacts", "calls", "call_participants", "call_transcripts")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private String exchange(String requestLine, String headers, String method) throws IOException {
        return exchange(requestLine, headers, method, 5000);
    }

    private String exchange(String requestLine, String headers, String method, int timeoutMs) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(timeoutMs);
            String message = requestLine + "\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + headers
                    + "Call-ID: crash-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 2 " + method + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            DatagramPacket response = new DatagramPacket(new byte[4096], 4096);
            while (true) {
                socket.receive(response);
                String text = new String(response.getData(), 0, response.getLength(), StandardCharsets.US_ASCII);
                if (!text.startsWith("SIP/2.0 1")) { // skip provisional answers
                    return text;
                }
            }
        }
    }

    /** 50 PCMA packets of silence to every even port of the range the old call's media used. */
    private static void sendRtpTo(int min, int max) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            packet[1] = 8;
            for (int seq = 0; seq < 50; seq++) {
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                for (int port = min; port <= max; port += 2) {
                    socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                }
            }
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
