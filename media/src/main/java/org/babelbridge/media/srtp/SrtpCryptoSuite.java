package org.babelbridge.media.srtp;

import java.util.Optional;

/**
 * The SDES crypto suites supported (RFC 4568 6.2): AES-128 in counter mode with an HMAC-SHA1 tag of
 * 80 or 32 bits on SRTP. SRTCP always carries an 80-bit tag.
 */
public enum SrtpCryptoSuite {
    AES_CM_128_HMAC_SHA1_80(10),
    AES_CM_128_HMAC_SHA1_32(4);

    /** Master key plus master salt, as carried base64-encoded in {@code a=crypto} inline keys. */
    public static final int MASTER_KEY_AND_SALT_LENGTH = SrtpContext.MASTER_KEY_LENGTH + SrtpContext.MASTER_SALT_LENGTH;

    private final int rtpTagLength;

    SrtpCryptoSuite(int rtpTagLength) {
        this.rtpTagLength = rtpTagLength;
    }

    /** Bytes of authentication tag appended to each SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** The suite's name as written in SDP. */
    public String sdpName() {
        return name();
    }

    /** The suite named {@code name} in an {@code a=crypto} line, if supported. */
    public static Optional<SrtpCryptoSuite> fromSdpName(String name) {
        for (SrtpCryptoSuite suite : values()) {
            if (suite.name().equalsIgnoreCase(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
