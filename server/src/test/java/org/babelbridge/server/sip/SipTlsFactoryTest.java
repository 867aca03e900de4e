package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.sip.SipTlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code babel.sip.tls.enabled}, the SIP front answers over TLS with a certificate made on first start. */
class SipTlsFactoryTest {

    private TestDatabase db;
    private ApplicationContext context;
    @TempDir
    Path dataDir;
    private int tlsPort;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        int sipPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tlsPort = probe.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.port", String.valueOf(sipPort));
        props.put("babel.sip.tls.enabled", "true");
        props.put("babel.sip.tls.port", String.valueOf(tlsPort));
        props.put("babel.media.rtp-port-min", "44200");
        props.put("babel.media.rtp-port-max", "44300");
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
    void answersOptionsOverTlsWithTheSelfSignedCertificateItMade() throws Exception {
        Path store = dataDir.resolve("keys/sip-tls.p12").toAbsolutePath();
        Path passwordFile = dataDir.resolve("keys/sip-tls.password");
        assertThat(context.getBean(SipTlsSettings.class).keyStore()).isEqualTo(store);
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(passwordFile).trim();
        assertThat(SipTlsFactory.selfSigned(store, "127.0.0.1")).as("reused, not remade").isEqualTo(password);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            int local = socket.getLocalPort();
            String options = "OPTIONS sip:127.0.0.1:" + tlsPort + ";transport=tls SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:" + local + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + "From: <sip:nobody@127.0.0.1>;tag=1\r\n"
                    + "To: <sip:nobody@127.0.0.1>\r\n"
                    + "Call-ID: " + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            socket.getOutputStream().write(options.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[4096];
            int n = socket.getInputStream().read(buffer);
            String response = new String(buffer, 0, n, StandardCharsets.US_ASCII);
            assertThat(response).startsWith("SIP/2.0 200").contains("SIP/2.0/TLS");
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
        }
    }
}
