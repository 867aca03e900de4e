package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.sip.SipCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code babel.sip.trunks} reaches the SIP front, and its answers reach the counters behind the metrics. */
class SipTrunkConfigurationTest {

    private TestDatabase db;
    private ApplicationContext context;
    @TempDir
    Path dataDir;
    private int sipPort;

    @BeforeEach
    void createDatabase() throws Exception {
        db = TestDatabase.create();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        db.close();
    }

    @Test
    void refusesAPstnCallerIdFromAnAddressOutsideTheConfiguredTrunkAndCountsIt() throws Exception {
        context = ApplicationContext.builder().properties(properties(Map.of(
                "babel.sip.trunks[0].name", "carrier",
                "babel.sip.trunks[0].allowed-sources", "192.0.2.0/24,2001:db8::/32",
                "babel.sip.trunks[0].dids", "+15550002"))).start();

        String answer = exchange("INVITE sip:+15550002@127.0.0.1 SIP/2.0", "<sip:+15550001@127.0.0.1>");

        assertThat(answer).startsWith("SIP/2.0 403");
        // the counters the metrics read (SipMetricsTest covers the meters; the meter registry is JVM-global)
        SipCounters counters = context.getBean(SipCounters.class);
        long deadline = System.nanoTime() + 5_000_000_000L; // counted just after the response left
        while (counters.responseCount(403) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counters.responseCount(403)).isEqualTo(1);
        assertThat(counters.droppedCount(SipCounters.DropReason.PSTN_CALLER_ID_NOT_FROM_TRUNK)).isEqualTo(1);
    }

    @Test
    void aTrunkAddressThatIsNoAddressStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ApplicationContext.builder().properties(properties(Map.of(
                "babel.sip.trunks[0].name", "carrier",
                "babel.sip.trunks[0].allowed-sources", "carrier.example.com"))).start())
                .hasStackTraceContaining("babel.sip.trunks.carrier.allowed-sources");
    }

    private Map<String, Object> properties(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.port", String.valueOf(sipPort));
        props.put("babel.media.rtp-port-min", "44200");
        props.put("babel.media.rtp-port-max", "44300");
        props.putAll(extra);
        return props;
    }

    private String exchange(String requestLine, String from) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int local = socket.getLocalPort();
            String message = requestLine + "\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + "From: " + from + ";tag=1\r\n"
                    + "To: <sip:+15550002@127.0.0.1>\r\n"
                    + "Call-ID: " + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:caller@127.0.0.1:" + local + ">\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            while (true) {
                DatagramPacket response = new DatagramPacket(new byte[4096], 4096);
                socket.receive(response);
                String text = new String(response.getData(), 0, response.getLength(), StandardCharsets.US_ASCII);
                if (!text.startsWith("SIP/2.0 100")) {
                    return text;
                }
            }
        }
    }
}
