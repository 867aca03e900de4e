package org.babelbridge.ari;

/**
 * The audio format of an externalMedia channel, as ARI names it, with the static RTP payload type
 * Asterisk's RTP engine uses for it (no SDP is exchanged, so both ends must agree on it).
 */
public enum ExternalMediaFormat {
    /** G.711 µ-law, 8 kHz, payload type 0. */
    ULAW("ulaw", 0, 8000),
    /** Signed linear 16-bit big-endian, 16 kHz, payload type 118 (Asterisk's static mapping). */
    SLIN16("slin16", 118, 16000);

    private final String ariName;
    private final int payloadType;
    private final int sampleRateHz;

    ExternalMediaFormat(String ariName, int payloadType, int sampleRateHz) {
        this.ariName = ariName;
        this.payloadType = payloadType;
        this.sampleRateHz = sampleRateHz;
    }

    public String ariName() {
        return ariName;
    }

    public int payloadType() {
        return payloadType;
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** Parses {@code ulaw} or {@code slin16}; anything else names the setting to fix. */
    public static ExternalMediaFormat parse(String name) {
        for (ExternalMediaFormat f : values()) {
            if (f.ariName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("babel.ari.media-format must be ulaw or slin16, not '" + name + "'");
    }
}
