package org.babelbridge.ari.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Validates the root docker-compose.yml with the docker client's own parser
 * ({@code docker compose config}, or the standalone {@code docker-compose config}).
 * No Docker engine is needed. Skipped, with the reason, only when no docker client is installed.
 */
class DockerComposeConfigTest {

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<String> composeCommand() throws Exception {
        if (runs(List.of("docker", "compose", "version"))) {
            return List.of("docker", "compose");
        }
        if (runs(List.of("docker-compose", "version"))) {
            return List.of("docker-compose");
        }
        return List.of();
    }

    private static boolean runs(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    private static Result config(List<String> compose, String postgresPassword, String ariPassword) throws Exception {
        return config(compose, postgresPassword, ariPassword, null);
    }

    private static Result config(List<String> compose, String postgresPassword, String ariPassword, String profile)
            throws Exception {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", repositoryRoot().resolve("docker-compose.yml").toString()));
        if (profile != null) {
            command.addAll(List.of("--profile", profile));
        }
        command.add("config");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("POSTGRES_PASSWORD");
        pb.environment().remove("ARI_PASSWORD");
        pb.environment().remove("BABEL_JWT_SECRET");
        if (postgresPassword != null) {
            pb.environment().put("POSTGRES_PASSWORD", postgresPassword);
            pb.environment().put("BABEL_JWT_SECRET", "jwt-secret-of-at-least-32-characters");
        }
        if (ariPassword != null) {
            pb.environment().put("ARI_PASSWORD", ariPassword);
        }
        // Run outside the repository so a developer's .env does not leak into the check.
        pb.directory(Files.createTempDirectory("compose-config").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("docker compose config finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void composeFileIsValidAndRunsPostgresAsteriskAndTheBridgeInAriMode() throws Exception {
        assumeTrue(runs(List.of("docker", "--version")) || runs(List.of("docker-compose", "version")),
                "no docker client installed: cannot validate docker-compose.yml");
        List<String> compose = composeCommand();
        assertThat(compose).as("docker client present but neither `docker compose` nor `docker-compose` works "
                + "(./test installs Debian's docker-compose)").isNotEmpty();

        Result result = config(compose, "db-secret", "ari-secret");

        assertThat(result.exitCode()).as(result.output()).isZero();
        String out = result.output();
        assertThat(out).contains("postgres:16", "babel-bridge/asterisk:20", "babel-bridge/server:latest");
        assertThat(out).contains("BABEL_ARI_ENABLED: 'true'".replace('\'', '"'))
                .contains("BABEL_ARI_URL: http://asterisk:8088/ari");
        assertThat(out).contains("pg_isready", "core show uptime", "http://127.0.0.1:8080/health");
        assertThat(out).contains("db-data:", "asterisk-data:", "voice-data:");
        assertThat(out).contains("condition: service_healthy");
        assertThat(out).contains("ari-secret").contains("db-secret");
    }

    @Test
    void clusterProfileAddsKamailioAndTwoSipBridgeInstancesOnTheSameDatabase() throws Exception {
        assumeTrue(runs(List.of("docker", "--version")) || runs(List.of("docker-compose", "version")),
                "no docker client installed: cannot validate docker-compose.yml");
        List<String> compose = composeCommand();
        assertThat(compose).isNotEmpty();

        Result result = config(compose, "db-secret", "ari-secret", "cluster");

        assertThat(result.exitCode()).as(result.output()).isZero();
        String out = result.output();
        assertThat(out).contains("babel-bridge/kamailio:5.6", "bridge-sip-1:", "bridge-sip-2:");
        assertThat(out).contains("BABEL_INSTANCE_ID: sip-1", "BABEL_INSTANCE_ID: sip-2", "BABEL_INSTANCE_ID: ari-1");
        assertThat(out).contains("jdbc:postgresql://postgres:5432/babel_bridge");
        assertThat(out).contains("BABEL_SIP_TRUSTED_PROXIES: 172.28.0.10", "ipv4_address: 172.28.0.10");
        assertThat(out).contains("jwt-secret-of-at-least-32-characters");
        // only with the profile: docker compose up without it starts the ARI deployment alone
        assertThat(out.split("profiles:", -1)).hasSize(4);
        Path dispatcher = repositoryRoot().resolve("docker/kamailio/dispatcher.list");
        assertThat(Files.readString(dispatcher)).contains("sip:bridge-sip-1:5061", "sip:bridge-sip-2:5062");
    }

    @Test
    void composeRefusesToRenderWithoutThePasswords() throws Exception {
        assumeTrue(runs(List.of("docker", "--version")) || runs(List.of("docker-compose", "version")),
                "no docker client installed: cannot validate docker-compose.yml");
        List<String> compose = composeCommand();
        assertThat(compose).isNotEmpty();

        Result result = config(compose, null, null);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("in .env");
    }
}
