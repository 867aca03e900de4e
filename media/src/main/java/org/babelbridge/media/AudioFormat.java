package org.babelbridge.media;

/**
 * The bridge's internal audio format: 16 kHz, mono, signed 16-bit PCM in 20 ms frames.
 * Every leg converts to it on receive and from it on send; every pipeline stage speaks it.
 */
public final class AudioFormat {
    public static final int SAMPLE_RATE_HZ = 16_000;
    public static final int FRAME_MS = 20;
    public static final int FRAME_SAMPLES = SAMPLE_RATE_HZ * FRAME_MS / 1000;

    private AudioFormat() {
    }

    public static int samplesForMillis(long millis) {
        return (int) (millis * SAMPLE_RATE_HZ / 1000);
    }

    public static long millisForSamples(long samples) {
        return samples * 1000 / SAMPLE_RATE_HZ;
    }
}
