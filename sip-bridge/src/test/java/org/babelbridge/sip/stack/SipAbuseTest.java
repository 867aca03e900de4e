package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile traffic: forwarding loops, header floods, oversized messages. The bridge must keep serving. */
class SipAbuseTest {

    private final TestDirectory directory = new TestDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private SipFront front;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(3000)
                .withAuthFailuresPerMinute(5), directory, directory, directory, media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        front.close();
    }

    @Test
    void refusesRequestsWithNoHopsLeftWith483ButAnswersOptions() throws Exception {
        try (Sipp sipp = Sipp.start("loop", Map.of(), Sipp.freePort(), port)) {
            assertThat(sipp.await()).as(sipp.errors()).isZero();
        }
        assertThat(directory.events()).isEmpty();
        assertThat(front.activeCalls()).isZero();
    }

    @Test
    void survivesAHeaderFloodOverUdpAndKeepsServing() throws Exception {
        StringBuilder flood = new StringBuilder(request("OPTIONS", "flood-1"));
        flood.setLength(flood.length() - 2); // reopen the header block
        for (int i = 0; flood.length() < 60_000; i++) {
            flood.append("X-Flood-").append(i).append(": ").append("y".repeat(20)).append("\r\n");
        }
        flood.append("\r\n");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            byte[] bytes = flood.toString().getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            String answer = receive(socket);
            assertThat(answer).as("a flood is dropped or refused, never served").satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("SIP/2.0 4"));
            assertThat(optionsOverUdp(socket, "after-flood")).startsWith("SIP/2.0 200");
        }
    }

    @Test
    void closesTcpConnectionsThatSendOversizedMessagesAndKeepsServing() throws Exception {
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            String head = request("OPTIONS", "huge-1").replace("Content-Length: 0", "Content-Length: 200000");
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "z".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            InputStream in = tcp.getInputStream();
            boolean closed = false;
            try {
                for (int sent = 0; sent < 200_000; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                closed = n < 0 || !new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
            } catch (IOException resetOrTimeout) {
                closed = true;
            }
            assertThat(closed).as("an oversized message is not served").isTrue();
        }
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            assertThat(optionsOverUdp(socket, "after-huge")).startsWith("SIP/2.0 200");
        }
    }

    private String optionsOverUdp(DatagramSocket socket, String callId) throws IOException {
        byte[] bytes = request("OPTIONS", callId, socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 5; attempt++) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            String answer = receive(socket);
            if (answer.contains(callId)) {
                return answer;
            }
        }
        return "";
    }

    private String request(String method, String callId) {
        return request(method, callId, 5999);
    }

    private String request(String method, String callId, int localPort) {
        return method + " sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=" + callId + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String receive(DatagramSocket socket) throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(packet);
            return new String(buf, 0, packet.getLength(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException nothing) {
            return "";
        }
    }
}
