package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSecretTest {

    @Test
    void generatesASecretOnceAndKeepsItPrivate(@TempDir Path dir) throws Exception {
        String first = JwtSecret.loadOrCreate(dir);
        assertThat(first).hasSizeGreaterThanOrEqualTo(64);
        assertThat(JwtSecret.loadOrCreate(dir)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-secret"))))
                .isEqualTo("rw-------");
    }
}
