package org.babelbridge.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.PasswordHasher;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.EmbeddedDatabase;
import org.babelbridge.db.Migrations;

/**
 * {@code api-bench}: measures the Argon2id login cost and GET /api/calls latency under concurrent clients with a
 * large call history. Runs the real application over a throw-away embedded PostgreSQL (or {@code DATABASE_URL},
 * into which it writes a bench user). Arguments: {@code [clients=50] [calls=10000] [seconds=20]}.
 */
final class ApiBench {

    private ApiBench() {
    }

    static void run(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int history = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dataDir = Files.createTempDirectory("babel-bench");
        Map<String, Object> props = new HashMap<>();
        props.put("babel.data-dir", dataDir.toString());
        props.put("babel.jwt.secret", JwtSecret.loadOrCreate(dataDir));
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.maximum-pool-size", 20);
        EmbeddedDatabase embedded = null;
        String databaseUrl = System.getenv("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            props.putAll(DatabaseSettings.fromUrl(databaseUrl));
        } else {
            embedded = EmbeddedDatabase.startTemporary();
            props.put("datasources.default.url", embedded.jdbcUrl("postgres"));
            props.put("datasources.default.username", embedded.username());
            props.put("datasources.default.password", "");
        }
        Migrations.migrate((String) props.get("datasources.default.url"),
                (String) props.getOrDefault("datasources.default.username", "postgres"),
                (String) props.getOrDefault("datasources.default.password", ""));
        try (ApplicationContext ctx = Micronaut.build(new String[0]).mainClass(Application.class).properties(props).start()) {
            AccountService accounts = ctx.getBean(AccountService.class);
            PasswordHasher.Cost cost = accounts.passwordCost();
            String email = "bench-" + System.nanoTime() + "@example.com";
            UserAccount user = accounts.register(new Registration(email, "bench password 1", "Bench", "en", null));
            UserAccount peer = accounts.register(new Registration("peer-" + email, "bench password 1", "Peer", "he",
                    null));
            seedHistory(ctx, user.id(), peer.id(), history);

            long[] loginNanos = new long[20];
            for (int i = 0; i < loginNanos.length; i++) {
                long t0 = System.nanoTime();
                accounts.authenticate(email, "bench password 1", "bench-" + i);
                loginNanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(loginNanos);

            URI base = ctx.getBean(EmbeddedServer.class).getURI();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String token = login(http, base, email);
            HttpRequest get = HttpRequest.newBuilder(base.resolve("/api/calls?page=0&size=20"))
                    .header("Authorization", "Bearer " + token).GET().build();
            hammer(http, get, clients, Duration.ofSeconds(3)); // warm-up
            Result r = hammer(http, get, clients, Duration.ofSeconds(seconds));

            System.out.printf("Argon2id m=%d KiB t=%d p=%d: login p50 %.1f ms, max %.1f ms (%d logins, serial)%n",
                    cost.memoryKib(), cost.iterations(), cost.parallelism(), loginNanos[10] / 1e6,
                    loginNanos[19] / 1e6, loginNanos.length);
            System.out.printf("GET /api/calls (20 per page, %d calls in history), %d clients, %d s: %d requests,"
                            + " %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n",
                    history, clients, seconds, r.latencies.length, r.latencies.length / (double) seconds,
                    r.percentile(50), r.percentile(99), r.percentile(100), r.errors);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            deleteTree(dataDir);
        }
    }

    private static void seedHistory(ApplicationContext ctx, long userId, long peerId, int count) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        tx.executeWrite(status -> {
            Connection c = status.getConnection();
            try (PreparedStatement calls = c.prepareStatement("""
                    INSERT INTO calls (caller_user_id, call_language, is_active, status, started_at, ended_at,
                                       duration_seconds, participant_count, created_at)
                    SELECT ?, 'en', false, 'ended', t, t + interval '90 seconds', 90, 2, t
                    FROM (SELECT now() - g * interval '7 minutes' AS t FROM generate_series(1, ?) g) s""");
                 PreparedStatement people = c.prepareStatement("""
                    INSERT INTO call_participants (call_id, user_id, participant_language, joined_at, left_at,
                                                   dubbing_required, use_voice_clone, voice_clone_quality)
                    SELECT c.id, u.id, u.primary_language, c.started_at, c.ended_at,
                           u.primary_language <> c.call_language, false, 'fallback'
                    FROM calls c CROSS JOIN users u WHERE c.caller_user_id = ? AND u.id IN (?, ?)""")) {
                calls.setLong(1, userId);
                calls.setInt(2, count);
                calls.executeUpdate();
                people.setLong(1, userId);
                people.setLong(2, userId);
                people.setLong(3, peerId);
                people.executeUpdate();
            }
            try (var analyze = c.createStatement()) {
                analyze.execute("ANALYZE calls, call_participants"); // as autovacuum would after a bulk load
            }
            return null;
        });
    }

    private static String login(HttpClient http, URI base, String email) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                        + "\",\"password\":\"bench password 1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        int start = body.indexOf("\"accessToken\":\"") + 15;
        return body.substring(start, body.indexOf('"', start));
    }

    private record Result(long[] latencies, long errors) {
        double percentile(int p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latencies.length - 1, Math.ceil(p / 100.0 * latencies.length) - 1);
            return latencies[Math.max(0, i)] / 1e6;
        }
    }

    private static Result hammer(HttpClient http, HttpRequest request, int clients, Duration duration)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long[][] mine = {new long[1024]};
            int[] n = {0};
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long dt = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
                        }
                        mine[0][n[0]++] = dt;
                    }
                } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
                } finally {
                    synchronized (perClient) {
                        perClient.add(Arrays.copyOf(mine[0], n[0]));
                    }
                    done.countDown();
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        done.await();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all, errors.get());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
