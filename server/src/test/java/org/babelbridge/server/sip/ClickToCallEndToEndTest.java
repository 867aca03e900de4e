package org.babelbridge.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.babelbridge.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Click-to-call through the whole server: two users set up over HTTP, SIPp phones registered with their
 * issued SIP secrets, {@code POST /api/calls} rings both, and the call record follows the phones.
 */
class ClickToCallEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> phones = new ArrayList<>();
    private TestDatabase db;
    @TempDir
    Path dataDir;
    private EmbeddedServer server;
    private JsonMapper json;
    private int sipPort;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        sipPort = freePort();
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", "a-test-secret-that-is-long-enough-for-hs256-signing");
        props.put("babel.sip.port", String.valueOf(sipPort));
        props.put("babel.media.rtp-port-min", "44400");
        props.put("babel.media.rtp-port-max", "44500");
        props.put("micronaut.server.port", "-1");
        server = ApplicationContext.run(EmbeddedServer.class, props);
        json = server.getApplicationContext().getBean(JsonMapper.class);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process phone : phones) {
            phone.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.getApplicationContext().close();
        }
        db.close();
    }

    @Test
    void ringsBothPhonesJoinsThemAndRecordsTheCallUntilTheCallerLeaves() throws Exception {
        String alice = user("alice", "en");
        String boris = user("boris", "ru");
        post("/api/contacts", alice, Map.of("email", "boris@example.com"), 201);
        post("/api/contacts", boris, Map.of("email", "alice@example.com"), 201);
        Process alicePhone = phone(alice);
        Process borisPhone = phone(boris);

        Map<String, Object> placed = post("/api/calls", alice, Map.of("email", "boris@example.com"), 202);
        assertThat(placed).containsEntry("state", "ringing");

        long callId = awaitActiveCall(alice);
        Map<String, Object> left = post("/api/calls/" + callId + "/leave", alice, Map.of(), 200);
        assertThat(left).containsEntry("active", false).containsEntry("status", "ended");
        assertThat(alicePhone.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(borisPhone.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(alicePhone.exitValue()).as("alice's phone").isZero();
        assertThat(borisPhone.exitValue()).as("boris's phone").isZero();
    }

    /** Registers a user over HTTP with a phone number-free account, returns their bearer token. */
    private String user(String name, String language) throws Exception {
        String email = name + "@example.com";
        post("/api/auth/register", null, Map.of("email", email, "password", "correct horse battery",
                "fullName", name, "primaryLanguage", language), 201);
        return (String) post("/api/auth/login", null, Map.of("email", email, "password", "correct horse battery"), 200)
                .get("accessToken");
    }

    /** A SIPp phone registered with the user's issued SIP secret, then waiting to answer and be hung up. */
    private Process phone(String token) throws Exception {
        Map<String, Object> secret = post("/api/users/me/sip-secret", token, Map.of(), 200);
        String user = (String) secret.get("sipUsername");
        int phonePort = freePort();
        Process register = sipp("register", Map.of("user", user, "password", (String) secret.get("secret"),
                "contactPort", String.valueOf(phonePort), "expires", "600", "expected", "200"), freePort());
        assertThat(register.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(register.exitValue()).as("registration of " + user).isZero();
        Process phone = sipp("phone-answers", Map.of(), phonePort);
        phones.add(phone);
        return phone;
    }

    private Process sipp(String scenario, Map<String, String> values, int localPort) throws IOException {
        String text = new String(getClass().getResourceAsStream("/sipp/" + scenario + ".xml").readAllBytes());
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        Path file = Files.createTempFile(dataDir, scenario, ".xml");
        Files.writeString(file, text);
        return new ProcessBuilder("sipp", "127.0.0.1:" + sipPort, "-sf", file.toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(localPort), "-mp", String.valueOf(freePort()), "-m", "1", "-nostdin",
                "-timeout", "40s", "-timeout_error")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve(scenario + localPort + ".log").toFile()).start();
    }

    private long awaitActiveCall(String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request("/api/calls", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Map> calls = json.readValue(response.body(), Argument.listOf(Map.class));
            for (Map<?, ?> view : calls) {
                if (Boolean.TRUE.equals(view.get("active"))) {
                    assertThat((List<?>) view.get("participants")).hasSize(2);
                    return ((Number) view.get("id")).longValue();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no active call appeared");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String token, Map<String, Object> body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(path, token)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? Map.of() : json.readValue(response.body(), Map.class);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static int freePort() throws IOException {
        return org.babelbridge.sip.testing.FreePorts.udpAndTcp();
    }
}
