package org.babelbridge.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The JWT signing secret: configured, or generated once and kept in {@code <data-dir>/jwt-secret} (mode 600). */
final class JwtSecret {

    private JwtSecret() {
    }

    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("jwt-secret");
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (secret.length() >= 32) {
                    return secret;
                }
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path tmp = dataDir.resolve("jwt-secret.tmp");
            Files.writeString(tmp, secret, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + " (set BABEL_JWT_SECRET)", e);
        }
    }
}
