package org.babelbridge.media.srtp;

import org.bouncycastle.crypto.BlockCipher;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 4.1.1): the 128-bit IV is the counter block, whose
 * low 16 bits count the blocks of one packet. XORs the keystream into data in place. Confined to one
 * thread; allocates nothing.
 */
final class AesCounterMode {
    private static final int BLOCK = 16;

    private final BlockCipher aes;
    private final byte[] counter = new byte[BLOCK];
    private final byte[] keystream = new byte[BLOCK];

    AesCounterMode(BlockCipher aes) {
        this.aes = aes;
    }

    /** The counter block to fill before {@link #apply}; bytes 14 and 15 are overwritten. */
    byte[] iv() {
        return counter;
    }

    /** XORs {@code length} bytes of keystream, starting at block 0 of the IV, into {@code data}. */
    void apply(byte[] data, int offset, int length) {
        int block = 0;
        for (int done = 0; done < length; done += BLOCK, block++) {
            counter[14] = (byte) (block >>> 8);
            counter[15] = (byte) block;
            aes.processBlock(counter, 0, keystream, 0);
            int n = Math.min(BLOCK, length - done);
            for (int i = 0; i < n; i++) {
                data[offset + done + i] ^= keystream[i];
            }
        }
    }
}
