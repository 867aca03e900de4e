package org.babelbridge.media.wav;

/** Sample encodings a WAV file may use here: linear 16-bit PCM or G.711 µ-law, always mono. */
public enum WavEncoding {
    /** WAVE_FORMAT_PCM (1), 16 bits per sample, little-endian. */
    PCM16(1, 16),
    /** WAVE_FORMAT_MULAW (7), 8 bits per sample. */
    MULAW(7, 8);

    private final int formatTag;
    private final int bitsPerSample;

    WavEncoding(int formatTag, int bitsPerSample) {
        this.formatTag = formatTag;
        this.bitsPerSample = bitsPerSample;
    }

    public int formatTag() {
        return formatTag;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }
}
