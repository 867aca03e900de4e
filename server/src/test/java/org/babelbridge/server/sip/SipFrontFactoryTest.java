package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.sip.SipFront;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's context starts the SIP front from {@code babel.sip.*} and it answers on the wire. */
class SipFrontFactoryTest {

    private TestDatabase db;
    private ApplicationContext context;
    @TempDir
    Path dataDir;
    private int sipPort;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.port", String.valueOf(sipPort));
        props.put("babel.media.rtp-port-min", "44000");
        props.put("babel.media.rtp-port-max", "44100");
        context = ApplicationContext.builder().properties(props).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        db.close();
    }

    @Test
    void startsSipFrontThatAnswersOptionsAndChallengesRegister() throws Exception {
        assertThat(context.containsBean(SipFront.class)).isTrue();
        assertThat(exchange("OPTIONS sip:127.0.0.1 SIP/2.0", "")).startsWith("SIP/2.0 200");
        String challenge = exchange("REGISTER sip:127.0.0.1 SIP/2.0", "Contact: <sip:nobody@127.0.0.1:5999>\r\n");
        assertThat(challenge).startsWith("SIP/2.0 401").contains("realm=\"babel-bridge\"").contains("algorithm=MD5");
    }

    private String exchange(String requestLine, String extraHeaders) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int local = socket.getLocalPort();
            String method = requestLine.substring(0, requestLine.indexOf(' '));
            String message = requestLine + "\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + "From: <sip:nobody@127.0.0.1>;tag=1\r\n"
                    + "To: <sip:nobody@127.0.0.1>\r\n"
                    + "Call-ID: " + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 " + method + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + extraHeaders
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            DatagramPacket response = new DatagramPacket(new byte[4096], 4096);
            socket.receive(response);
            return new String(response.getData(), 0, response.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
