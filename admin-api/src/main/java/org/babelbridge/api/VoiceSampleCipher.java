package org.babelbridge.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts voice samples (biometric data) at rest with AES-256-GCM. The key is {@code babel.voice.encryption-key}
 * (base64 of 32 bytes). Without it the server refuses to start when {@code babel.voice.encryption-key-required} is
 * true (production); otherwise a key is generated once into {@code <babel.data-dir>/keys/voice.key} (owner-only)
 * and reused. Sealed format: magic "BBV1", 12-byte random nonce, ciphertext with 16-byte tag; the magic is
 * authenticated too. Thread-safe.
 */
@Singleton
final class VoiceSampleCipher {

    static final String KEY_SETTING = "babel.voice.encryption-key";
    static final String REQUIRED_SETTING = "babel.voice.encryption-key-required";
    private static final byte[] MAGIC = "BBV1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    VoiceSampleCipher(@Value("${" + KEY_SETTING + ":}") @Nullable String configuredKey,
                      @Value("${" + REQUIRED_SETTING + ":false}") boolean keyRequired,
                      @Value("${babel.data-dir:data}") String dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            this.key = decodeKey(configuredKey.trim(), KEY_SETTING);
        } else if (keyRequired) {
            throw new ConfigurationException("voice samples must be encrypted at rest: set " + KEY_SETTING
                    + " to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`), or set " + REQUIRED_SETTING
                    + "=false to let the server generate one under babel.data-dir");
        } else {
            this.key = generatedKey(Path.of(dataDir, "keys", "voice.key").toAbsolutePath());
        }
    }

    /** A new array: magic, nonce, ciphertext and tag of {@code plain}. */
    byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(MAGIC);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + sealed.length).put(MAGIC).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The plain bytes; IllegalArgumentException when the data is not ours, was altered or the key differs. */
    byte[] open(byte[] sealed) {
        if (sealed.length < MAGIC.length + NONCE_BYTES + TAG_BITS / 8
                || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not an encrypted voice sample");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE_BYTES));
            c.updateAAD(MAGIC);
            int offset = MAGIC.length + NONCE_BYTES;
            return c.doFinal(sealed, offset, sealed.length - offset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("voice sample was altered or encrypted with another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static SecretKey decodeKey(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + " is not valid base64");
        }
        if (raw.length != 32) {
            throw new ConfigurationException(source + " must decode to 32 bytes (AES-256); it has " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private SecretKey generatedKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                try {
                    createOwnerOnly(file);
                    Files.write(file, Base64.getEncoder().encode(raw), StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException raced) {
                    // another instance wrote it first; use theirs
                }
            }
            return decodeKey(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the voice encryption key " + file + " (or set "
                    + KEY_SETTING + ")", e);
        }
    }

    /** Created owner-only from the start, so the key is never readable by others even briefly. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }
}
