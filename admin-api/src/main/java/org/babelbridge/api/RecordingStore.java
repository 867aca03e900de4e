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
 * Voice samples on disk under {@code <babel.data-dir>/voice/<userId>/}: written to a temporary file, forced to
 * disk, then atomically renamed, so a crash never leaves a half-written sample under its final name.
 */
@Singleton
final class RecordingStore {

    private final Path root;

    RecordingStore(@Value("${babel.data-dir:data}") String dataDir) {
        this.root = Path.of(dataDir, "voice").toAbsolutePath();
    }

    /** Stores {@code bytes} and returns the file's absolute path. */
    Path store(long userId, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(root.resolve(Long.toString(userId)));
            String name = UUID.randomUUID() + ".wav";
            Path tmp = dir.resolve(name + ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
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
}
