package org.babelbridge.media.codec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates codec instances by SDP encoding name or static RTP payload type (RFC 3551).
 * Every call returns a new instance, because stateful codecs (G.722) must not be shared between
 * legs or directions: a leg takes one for decoding and another for encoding.
 */
public final class Codecs {

    private Codecs() {
    }

    /** SDP encoding names this factory can create, in the order of preference for offers (wideband first). */
    public static List<String> supportedNames() {
        return List.of(G722Codec.NAME, PcmuCodec.NAME, PcmaCodec.NAME);
    }

    /**
     * A new codec for an SDP {@code a=rtpmap} entry, e.g. ({@code "PCMU"}, 8000). Names are
     * case-insensitive (RFC 4566); a clock rate that does not match the codec's RTP clock rate
     * (8000 for G.722, by the RFC 3551 quirk) gives empty.
     */
    public static Optional<AudioCodec> bySdpName(String encodingName, int rtpClockRate) {
        Optional<AudioCodec> codec = byName(encodingName);
        return codec.filter(c -> c.rtpClockRate() == rtpClockRate);
    }

    /** A new codec for an SDP encoding name, ignoring the clock rate; empty when unsupported. */
    public static Optional<AudioCodec> byName(String encodingName) {
        if (encodingName == null) {
            return Optional.empty();
        }
        return switch (encodingName.toUpperCase(Locale.ROOT)) {
            case PcmuCodec.NAME -> Optional.of(new PcmuCodec());
            case PcmaCodec.NAME -> Optional.of(new PcmaCodec());
            case G722Codec.NAME -> Optional.of(new G722Codec());
            default -> Optional.empty();
        };
    }

    /** A new codec for a static RTP payload type (0 PCMU, 8 PCMA, 9 G722); empty for any other. */
    public static Optional<AudioCodec> byPayloadType(int payloadType) {
        return switch (payloadType) {
            case PcmuCodec.PAYLOAD_TYPE -> Optional.of(new PcmuCodec());
            case PcmaCodec.PAYLOAD_TYPE -> Optional.of(new PcmaCodec());
            case G722Codec.PAYLOAD_TYPE -> Optional.of(new G722Codec());
            default -> Optional.empty();
        };
    }

    /**
     * Like {@link #byName(String)} but for configuration values that must be valid.
     *
     * @throws IllegalArgumentException naming the unsupported codec and the supported ones
     */
    public static AudioCodec create(String encodingName) {
        return byName(encodingName).orElseThrow(() -> new IllegalArgumentException(
                "unsupported codec '" + encodingName + "', supported: " + supportedNames()));
    }
}
