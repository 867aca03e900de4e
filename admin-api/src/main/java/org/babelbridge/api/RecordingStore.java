package org.babelbridge.api;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Voice samples on disk under {@code <babel.data-dir>/voice/<userId>/}, encrypted ({@link VoiceSampleCipher}):
 * written to a temporary file, forced to disk, then atomically renamed, so a crash never leaves a half-written
 * sample under its final name.
 */
@Singleton
final class RecordingStore {

    private final Path root;
    private final VoiceSampleCipher cipher;

    RecordingStore(@Value("${babel.data-dir:data}") String dataDir, VoiceSampleCipher cipher) {
        this.root = Path.of(dataDir, "voice").toAbsolutePath();
        this.cipher = cipher;
    }

    /** Stores {@code bytes} and returns the file's absolute path. */
    Path store(long userId, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(root.resolve(Long.toString(userId)));
            String name = UUID.randomUUID() + ".wav.enc";
            Path tmp = dir.resolve(name + ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(cipher.seal(bytes));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store voice recording", e);
        }
    }

    /** Removes a stored sample; only paths under the store's root are touched. */
    void delete(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete voice recording", e);
        }
    }

    /** The decrypted sample at {@code path}. */
    byte[] read(String path) {
        try {
            return cipher.open(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read voice recording", e);
        }
    }

    /** Removes every sample of a user (account deletion), including half-written ones. */
    void deleteAllOf(long userId) {
        Path dir = root.resolve(Long.toString(userId));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete voice recordings of user " + userId, e);
        }
    }
}
