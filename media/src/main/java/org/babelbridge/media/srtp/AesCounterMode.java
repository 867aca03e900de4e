package org.babelbridge.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 4.1.1): the 128-bit IV is the counter block, whose
 * low 16 bits count the blocks of one packet. XORs the keystream into data in place. The counter
 * blocks of a packet are encrypted in one call of the JDK's AES (hardware-accelerated where the CPU
 * has AES instructions) into reused buffers. Confined to one thread; allocates nothing per packet.
 */
final class AesCounterMode {
    private static final int BLOCK = 16;
    /** Large enough for any datagram the media engine handles. */
    private static final int MAX_LENGTH = 2048;

    private final Cipher aes;
    private final byte[] iv = new byte[BLOCK];
    private final byte[] counters = new byte[MAX_LENGTH];
    private final byte[] keystream = new byte[MAX_LENGTH];

    AesCounterMode(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** The counter block to fill before {@link #apply}; bytes 14 and 15 are overwritten. */
    byte[] iv() {
        return iv;
    }

    /** XORs {@code length} bytes of keystream, starting at block 0 of the IV, into {@code data}. */
    void apply(byte[] data, int offset, int length) {
        for (int done = 0; done < length; done += MAX_LENGTH) {
            applyChunk(data, offset + done, Math.min(MAX_LENGTH, length - done), done / BLOCK);
        }
    }

    private void applyChunk(byte[] data, int offset, int length, int firstBlock) {
        int blocks = (length + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++) {
            int at = b * BLOCK;
            System.arraycopy(iv, 0, counters, at, 14);
            int block = firstBlock + b;
            counters[at + 14] = (byte) (block >>> 8);
            counters[at + 15] = (byte) block;
        }
        try {
            aes.update(counters, 0, blocks * BLOCK, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < length; i++) {
            data[offset + i] ^= keystream[i];
        }
    }
}
