package org.babelbridge.sip.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real baresip user agent in its own config directory: plays {@code source} (an 8 kHz WAV) as its
 * microphone, records what it hears into {@code dir/rec}, answers calls automatically, and
 * registers with the bridge under {@code user}.
 */
public final class Baresip implements AutoCloseable {

    private final Process process;
    final Path dir;

    private Baresip(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    public static Baresip start(Path dir, int sipPort, int bridgePort, String user, String secret, Path source,
                         int quitAfterSeconds, String dial) throws IOException {
        return start(dir, sipPort, bridgePort, user, secret, source, quitAfterSeconds, dial, "udp", "", List.of());
    }

    /**
     * An agent that registers over TLS and insists on SRTP ({@code mediaenc=srtp-mand}). It listens for
     * TLS on {@code sipPort + 1} with {@code certificatePem} (certificate and key) and trusts
     * {@code caFile} for the bridge's certificate.
     */
    static Baresip startSecure(Path dir, int sipPort, int bridgeTlsPort, String user, String secret, Path source,
                               int quitAfterSeconds, String dial, Path certificatePem, Path caFile) throws IOException {
        return start(dir, sipPort, bridgeTlsPort, user, secret, source, quitAfterSeconds, dial, "tls",
                ";mediaenc=srtp-mand", List.of("sip_certificate " + certificatePem, "sip_cafile " + caFile,
                        "module srtp.so"));
    }

    private static Baresip start(Path dir, int sipPort, int bridgePort, String user, String secret, Path source,
                                 int quitAfterSeconds, String dial, String transport, String accountParams,
                                 List<String> extraConfig) throws IOException {
        Files.createDirectories(dir.resolve("rec"));
        List<String> config = new ArrayList<>(List.of(
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "audio_source aufile," + source,
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "audio_srate 8000-48000",
                "audio_channels 1-2",
                "module_path /usr/lib/baresip/modules",
                "module stdio.so",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "snd_path " + dir.resolve("rec")));
        config.addAll(extraConfig);
        config.add("");
        Files.writeString(dir.resolve("config"), String.join("\n", config));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@127.0.0.1:" + bridgePort
                + ";transport=" + transport + ">;auth_pass=" + secret + ";answermode=auto;audio_codecs=PCMU;regint=600"
                + accountParams + "\n");
        List<String> command = new ArrayList<>(List.of("baresip", "-f", dir.toString(), "-t",
                String.valueOf(quitAfterSeconds)));
        if (dial != null) {
            command.addAll(List.of("-e", "/dial " + dial));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.log").toFile()).start();
        return new Baresip(process, dir);
    }

    /** What the agent heard (decoded audio), once the call is over. */
    public Path heard() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("rec"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).findFirst()
                    .orElseThrow(() -> new IOException("baresip recorded nothing; log: " + log()));
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }
    }
}
