package org.babelbridge.sip.stack;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real SIPp with one of our scenarios against the endpoint under test. */
final class Sipp implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Path scenarioFile;

    private Sipp(Process process, Path log, Path scenarioFile) {
        this.process = process;
        this.log = log;
        this.scenarioFile = scenarioFile;
    }

    /** Starts SIPp on local port {@code localPort} talking to 127.0.0.1:{@code remotePort}. */
    static Sipp start(String scenario, Map<String, String> values, int localPort, int remotePort, String... extra)
            throws IOException {
        return start(scenario, values, localPort, remotePort, 1, "30s", extra);
    }

    /** As {@link #start}, for {@code calls} calls with an overall timeout such as {@code 120s}. */
    static Sipp start(String scenario, Map<String, String> values, int localPort, int remotePort, int calls,
                      String timeout, String... extra) throws IOException {
        return startFrom("127.0.0.1", scenario, values, localPort, remotePort, calls, timeout, extra);
    }

    /** As {@link #start}, with SIPp bound to {@code localIp} (any 127/8 address answers on loopback). */
    static Sipp startFrom(String localIp, String scenario, Map<String, String> values, int localPort, int remotePort,
                          int calls, String timeout, String... extra) throws IOException {
        String text = Files.readString(scenarioPath(scenario));
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        Path file = Files.createTempFile("sipp-" + scenario, ".xml");
        Files.writeString(file, text);
        Path log = Files.createTempFile("sipp-" + scenario, ".log");
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + remotePort, "-sf", file.toString(),
                "-i", localIp, "-p", String.valueOf(localPort), "-m", String.valueOf(calls), "-nostdin",
                "-timeout", timeout, "-timeout_error", "-trace_err", "-error_file", log + ".err"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Sipp(process, log, file);
    }

    /** Waits for SIPp to finish; returns its exit code (0: every call passed). */
    int await() throws InterruptedException {
        return await(40);
    }

    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String errors() {
        try {
            Path err = Path.of(log + ".err");
            return Files.exists(err) ? Files.readString(err) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(Path.of(log + ".err"));
        Files.deleteIfExists(log);
        Files.deleteIfExists(scenarioFile);
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int freePort() throws IOException {
        return org.babelbridge.sip.testing.FreePorts.udpAndTcp();
    }

    private static Path scenarioPath(String scenario) {
        try {
            return Path.of(Sipp.class.getResource("/sipp/" + scenario + ".xml").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no SIPp scenario " + scenario, e);
        }
    }
}
