package org.babelbridge.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.babelbridge.db.EmbeddedDatabase;
import org.babelbridge.db.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. The first argument selects a command (default {@code serve}). Without {@code DATABASE_URL} or
 * {@code DATASOURCES_DEFAULT_URL} it starts an embedded PostgreSQL whose cluster persists under
 * {@code <data-dir>/postgres}. Flyway migrates the schema before the application context starts.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "api-bench" -> ApiBench.run(rest);
            case "bench" -> {
                org.babelbridge.server.bench.Bench.run(rest);
                System.exit(0);
            }
            case "demo" -> {
                Demo.main(rest);
                System.exit(0);
            }
            case "help", "--help", "-h" -> System.out.println(
                    "usage: babel-bridge [serve | demo [out-dir] | bench [--parties 2,3,4] [--mix en,ru,en,ru] [--loads 1,2,4] [--seconds 31] [--out docs/benchmarks] | api-bench [clients] [calls] [seconds]]");
            default -> {
                System.err.println("unknown command '" + command + "'; available: serve, demo, bench, api-bench");
                System.exit(2);
            }
        }
    }

    static ApplicationContext serve(String[] args) {
        Path dataDir = Path.of(setting("BABEL_DATA_DIR", "babel.data-dir", "data")).toAbsolutePath();
        Map<String, Object> props = new HashMap<>();
        props.put("babel.data-dir", dataDir.toString());
        String jwt = setting("BABEL_JWT_SECRET", "babel.jwt.secret", null);
        props.put("babel.jwt.secret", jwt != null ? jwt : JwtSecret.loadOrCreate(dataDir));

        String databaseUrl = setting("DATABASE_URL", "database.url", null);
        boolean configured = System.getenv("DATASOURCES_DEFAULT_URL") != null
                || System.getProperty("datasources.default.url") != null;
        EmbeddedDatabase embedded = null;
        if (databaseUrl != null) {
            props.putAll(DatabaseSettings.fromUrl(databaseUrl));
        } else if (!configured) {
            embedded = startEmbedded(dataDir.resolve("postgres"), props);
        }
        migrate(props);
        AtomicReference<ApplicationContext> started = new AtomicReference<>();
        if (embedded != null) {
            EmbeddedDatabase db = embedded;
            // Micronaut's own shutdown hook stops the server; closing the context here as well would deadlock
            // with it, so give it a moment and stop the database last (also when start-up failed)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                long deadline = System.nanoTime() + 5_000_000_000L;
                ApplicationContext ctx = started.get();
                while (ctx != null && ctx.isRunning() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                db.close();
            }, "embedded-postgres-stop"));
        }
        ApplicationContext context = Micronaut.build(args).mainClass(Application.class).properties(props).start();
        started.set(context);
        return context;
    }

    /** Brings the schema up to date before anything touches it; a failure stops start-up with its cause. */
    private static void migrate(Map<String, Object> props) {
        String url = String.valueOf(props.getOrDefault("datasources.default.url",
                setting("DATASOURCES_DEFAULT_URL", "datasources.default.url", "")));
        String user = String.valueOf(props.getOrDefault("datasources.default.username",
                setting("DATASOURCES_DEFAULT_USERNAME", "datasources.default.username", "postgres")));
        String password = String.valueOf(props.getOrDefault("datasources.default.password",
                setting("DATASOURCES_DEFAULT_PASSWORD", "datasources.default.password", "")));
        if (url.isBlank()) {
            throw new IllegalStateException("no database configured: set DATABASE_URL or DATASOURCES_DEFAULT_URL");
        }
        int applied = Migrations.migrate(url, user, password);
        if (applied > 0) {
            LOG.info("applied {} database migration(s)", applied);
        }
    }

    private static EmbeddedDatabase startEmbedded(Path dir, Map<String, Object> props) {
        int port = Integer.parseInt(setting("BABEL_EMBEDDED_DB_PORT", "babel.embedded-db.port", "0"));
        LOG.info("no DATABASE_URL: starting embedded PostgreSQL in {}", dir);
        EmbeddedDatabase db = EmbeddedDatabase.startPersistent(dir, port);
        String name = "babel";
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), db.username(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("embedded PostgreSQL started but cannot create database " + name, e);
        }
        props.put("datasources.default.url", db.jdbcUrl(name));
        props.put("datasources.default.username", db.username());
        props.put("datasources.default.password", "");
        return db;
    }

    /** An environment variable, else a system property, else the default. */
    private static String setting(String env, String property, String fallback) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
