package org.babelbridge.server.sip;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.babelbridge.sip.SipTlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over TLS settings ({@code babel.sip.tls.*}), present only when {@code babel.sip.tls.enabled} is
 * true. Without a configured key store, a self-signed certificate for the advertised address is made
 * once with the JDK's keytool into {@code <babel.data-dir>/keys/sip-tls.p12}, its password beside it
 * (both owner-only), and reused: enough for softphones told to accept it, not for public service.
 */
@Factory
final class SipTlsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SipTlsFactory.class);

    @Singleton
    @Requires(property = "babel.sip.tls.enabled", value = "true")
    SipTlsSettings sipTlsSettings(@Value("${babel.sip.tls.port:5061}") int port,
                                  @Value("${babel.sip.tls.key-store:}") String keyStore,
                                  @Value("${babel.sip.tls.key-store-password:}") String keyStorePassword,
                                  @Value("${babel.sip.tls.key-store-type:PKCS12}") String keyStoreType,
                                  @Value("${babel.sip.tls.trust-store:}") String trustStore,
                                  @Value("${babel.sip.tls.trust-store-password:}") String trustStorePassword,
                                  @Value("${babel.sip.bind-address:127.0.0.1}") String bindAddress,
                                  @Value("${babel.sip.advertised-address:}") String advertisedAddress,
                                  @Value("${babel.data-dir:data}") String dataDir) {
        SipTlsSettings settings;
        if (keyStore.isBlank()) {
            String host = advertisedAddress.isBlank() ? bindAddress : advertisedAddress;
            Path generated = Path.of(dataDir, "keys", "sip-tls.p12").toAbsolutePath();
            settings = SipTlsSettings.of(port, generated, selfSigned(generated, host));
        } else {
            settings = new SipTlsSettings(port, Path.of(keyStore), keyStorePassword, keyStoreType,
                    trustStore.isBlank() ? null : Path.of(trustStore), trustStorePassword.isBlank() ? null : trustStorePassword);
        }
        settings.requireReadableStores();
        return settings;
    }

    /** The password of the self-signed key store at {@code store}, making both first if needed. */
    static String selfSigned(Path store, String host) {
        Path passwordFile = store.resolveSibling("sip-tls.password");
        try {
            if (Files.isReadable(store) && Files.isReadable(passwordFile)) {
                return Files.readString(passwordFile).trim();
            }
            Files.createDirectories(store.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.deleteIfExists(store);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "babel-bridge-sip", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-dname", "CN=" + host, "-ext", "san=" + (host.matches("[0-9.]+|.*:.*") ? "ip:" : "dns:") + host,
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password));
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.trim());
            }
            Files.writeString(passwordFile, password);
            restrict(passwordFile);
            restrict(store);
            LOG.info("SIP TLS: made a self-signed certificate for {} in {} (set babel.sip.tls.key-store for a real one)",
                    host, store);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("babel.sip.tls: cannot make a self-signed certificate in " + store, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the SIP TLS certificate", e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection applies
        }
    }
}
