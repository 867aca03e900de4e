package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.BridgeInstance;
import org.babelbridge.calls.CallControlRelay;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipRegistrationService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.sip.SipCluster;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.adapter.CallsServicesAdapter;
import org.babelbridge.sip.adapter.ClusterCallControl;
import org.babelbridge.sip.adapter.DatabaseBindingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two bridge instances on one PostgreSQL behind the real Kamailio with the deployment's configuration
 * (docker/kamailio/kamailio.cfg, dispatcher over both): a phone registered through the proxy, wherever that
 * REGISTER landed, is called from either instance; every call placed through the proxy is answered and owned by
 * one instance; once an instance stops, the proxy's probing takes it out of rotation and new calls go to the
 * other.
 */
class KamailioClusterTest {

    private static final Path KAMAILIO_CFG = Path.of("..", "docker", "kamailio", "kamailio.cfg");

    private TestDatabase db;
    private Path work;
    private final List<Instance> instances = new ArrayList<>();
    private Process kamailio;
    private int proxyPort;

    /** One bridge instance: its own calls services (instance id) and SIP front over the shared database. */
    private record Instance(String id, ApplicationContext context, SipFront front, int port,
                            ClusterCallControl control) {
    }

    @BeforeEach
    void start() throws Exception {
        work = Files.createTempDirectory("kamailio-cluster");
        db = TestDatabase.create();
        instances.add(instance("bridge-a"));
        instances.add(instance("bridge-b"));
        proxyPort = Sipp.freePort();
        Path list = work.resolve("dispatcher.list");
        Files.writeString(list, instances.stream().map(i -> "1 sip:127.0.0.1:" + i.port() + "\n")
                .reduce("", String::concat));
        Files.createDirectories(work.resolve("run"));
        kamailio = new ProcessBuilder("kamailio", "-f", KAMAILIO_CFG.toAbsolutePath().normalize().toString(),
                "-DD", "-E", "-A", "LISTEN=udp:127.0.0.1:" + proxyPort, "-A", "DISPATCHER_LIST=\"" + list + "\"",
                "-A", "PROBE_INTERVAL=1", "-A", "BRANCH_TIMEOUT_MS=1500", "-P", work.resolve("kamailio.pid").toString(),
                "-Y", work.resolve("run").toString(), "-w", work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("kamailio.log").toFile()).start();
        Thread.sleep(1500); // kamailio binds and sends its first probes
        assertThat(kamailio.isAlive()).as(kamailioLog()).isTrue();
    }

    private Instance instance(String id) throws IOException {
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.put("babel.data-dir", work.resolve(id).toString());
        props.put("babel.instance-id", id);
        ApplicationContext context = ApplicationContext.builder().properties(props).start();
        CallsServicesAdapter rules = new CallsServicesAdapter(context.getBean(SipIdentityService.class),
                context.getBean(AccountService.class), context.getBean(PresenceService.class),
                context.getBean(CallService.class));
        SipCluster cluster = new SipCluster(new DatabaseBindingStore(context.getBean(SipRegistrationService.class),
                context.getBean(BridgeInstance.class)), Set.of("127.0.0.1"));
        int port = Sipp.freePort();
        SipFront front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(10_000),
                SipFrontOptions.standalone().withCluster(cluster),
                rules, rules, rules, new LoopbackMedia(), Clock.systemUTC());
        ClusterCallControl control = new ClusterCallControl(front, context.getBean(CallService.class),
                context.getBean(BridgeInstance.class), context.getBean(CallControlRelay.class));
        return new Instance(id, context, front, port, control);
    }

    @AfterEach
    void stop() throws Exception {
        if (kamailio != null) {
            kamailio.destroy();
            if (!kamailio.waitFor(5, TimeUnit.SECONDS)) {
                kamailio.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (Instance instance : instances) {
            instance.front().close();
            instance.context().close();
        }
        if (db != null) {
            db.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void callsReachAPhoneRegisteredThroughEitherInstanceAndAStoppedInstanceLeavesRotation() throws Exception {
        ApplicationContext any = instances.get(0).context();
        UserAccount alice = user(any, "alice", "en");
        UserAccount bob = user(any, "bob", "ru");
        ContactService contacts = any.getBean(ContactService.class);
        contacts.add(alice.id(), bob.email(), null, null);
        contacts.add(bob.id(), alice.email(), null, null);
        SipSecret aliceSip = any.getBean(SipIdentityService.class).issueSipSecret(alice.id());
        SipSecret bobSip = any.getBean(SipIdentityService.class).issueSipSecret(bob.id());

        int bobPort = Sipp.freePort();
        int calls = 1 + 1 + 4 + 3;
        try (Sipp bobPhone = Sipp.start("uas", Map.of("answer", SipEndpointTest.CALLEE_IS_HUNG_UP, "inviteActions", ""),
                bobPort, proxyPort, calls, "180s", "-mp", String.valueOf(Sipp.freePort()))) {
            try (Sipp register = Sipp.start("register", Map.of("user", bobSip.sipUsername(), "password", bobSip.secret(),
                    "contactPort", String.valueOf(bobPort), "expires", "600", "expected", "200"),
                    Sipp.freePort(), proxyPort)) {
                assertThat(register.await()).as(register.errors() + kamailioLog()).isZero();
            }
            String registeredAt = scalar("SELECT instance_id FROM sip_registrations WHERE user_id = " + bob.id());
            assertThat(registeredAt).isIn("bridge-a", "bridge-b");
            Instance other = instances.stream().filter(i -> !i.id().equals(registeredAt)).findFirst().orElseThrow();

            // Placed straight on the instance that did not take the REGISTER: it finds the phone in the shared table.
            assertThat(call(aliceSip, bobSip, other.port())).isZero();
            assertThat(lastCallOwner()).isEqualTo(other.id());

            // A hang-up requested on the instance that does not carry the call reaches the phones on the one that does.
            Instance notOwner = instances.stream().filter(i -> i != other).findFirst().orElseThrow();
            awaitListening(notOwner);
            awaitListening(other);
            long lastCall = Long.parseLong(scalar("SELECT coalesce(max(id), 0) FROM calls"));
            try (Sipp caller = Sipp.start("uac", Map.of("user", aliceSip.sipUsername(), "callee", bobSip.sipUsername(),
                    "password", aliceSip.secret(), "body", SipEndpointTest.CALLER_IS_HUNG_UP), Sipp.freePort(),
                    other.port(), "-mp", String.valueOf(Sipp.freePort()))) {
                long callId = awaitActiveCallAfter(lastCall);
                assertThat(notOwner.front().carries(callId)).isFalse();
                assertThat(notOwner.control().carries(callId)).isTrue();
                assertThat(notOwner.control().hangUp(callId, alice.id())).isTrue();
                assertThat(caller.await()).as("caller: " + caller.errors() + caller.output()).isZero();
                assertThat(other.front().carries(callId)).isFalse();
                assertThat(scalar("SELECT status FROM calls WHERE id = " + callId)).isEqualTo("ended");
            }

            List<String> owners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                assertThat(call(aliceSip, bobSip, proxyPort)).isZero();
                owners.add(lastCallOwner());
            }
            assertThat(owners).allMatch(o -> o.equals("bridge-a") || o.equals("bridge-b"));

            Instance stopped = instances.get(0);
            stopped.front().close();
            instances.remove(stopped);
            stopped.context().close();
            Thread.sleep(2500); // two probe intervals: kamailio has seen it stop answering
            for (int i = 0; i < 3; i++) {
                assertThat(call(aliceSip, bobSip, proxyPort)).as(kamailioLog()).isZero();
                assertThat(lastCallOwner()).isEqualTo("bridge-b");
            }
            assertThat(bobPhone.await(60)).as("callee: " + bobPhone.errors()).isZero();
        }
        assertThat(scalar("SELECT count(*) FROM calls WHERE status = 'ended' AND NOT is_active")).isEqualTo(
                String.valueOf(calls));
    }

    private int call(SipSecret caller, SipSecret callee, int port) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("user", caller.sipUsername(), "callee", callee.sipUsername(),
                "password", caller.secret(), "body", SipEndpointTest.CALLER_HANGS_UP));
        try (Sipp sipp = Sipp.start("uac", values, Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
            int result = sipp.await();
            assertThat(result).as("caller: " + sipp.errors() + sipp.output()).isZero();
            return result;
        }
    }

    private static void awaitListening(Instance instance) throws InterruptedException {
        CallControlRelay relay = instance.context().getBean(CallControlRelay.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!relay.isListening() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(relay.isListening()).as(instance.id() + " listens for relayed call control").isTrue();
    }

    private long awaitActiveCallAfter(long lastCall) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String id = null;
        while (id == null && System.nanoTime() < deadline) {
            id = scalar("SELECT id FROM calls WHERE is_active AND id > " + lastCall + " ORDER BY id DESC LIMIT 1");
            Thread.sleep(50);
        }
        assertThat(id).as("a call in progress").isNotNull();
        return Long.parseLong(id);
    }

    private String lastCallOwner() throws Exception {
        return scalar("SELECT owner_instance FROM calls ORDER BY id DESC LIMIT 1");
    }

    private String scalar(String sql) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static UserAccount user(ApplicationContext context, String name, String language) {
        return context.getBean(AccountService.class).register(new Registration(name + "@example.com",
                "correct horse battery", name, language, null));
    }

    private String kamailioLog() {
        try {
            return Files.readString(work.resolve("kamailio.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
