package org.babelbridge.media.srtp;

import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The cryptographic context of one direction of one SRTP stream under one master key (RFC 3711):
 * session keys derived once (key derivation rate 0), AES-CM encryption, HMAC-SHA1 authentication,
 * the rollover counter and the replay lists of SRTP and SRTCP. Packets are transformed in place in
 * the caller's buffer, which must have room for the tag (and the SRTCP index) after the packet.
 * Confined to one thread; allocates nothing per packet.
 */
public final class SrtpContext {
    public static final int MASTER_KEY_LENGTH = 16;
    public static final int MASTER_SALT_LENGTH = 14;

    /** The packet is too short or its header inconsistent. */
    public static final int MALFORMED = -1;
    /** The authentication tag does not match: forged, corrupted or keyed differently. */
    public static final int AUTHENTICATION_FAILED = -2;
    /** The packet index was already received or is behind the replay window. */
    public static final int REPLAYED = -3;

    static final int SRTCP_TAG_LENGTH = 10;
    static final int SRTCP_INDEX_LENGTH = 4;
    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int SESSION_KEY_LENGTH = 16;
    private static final int SESSION_SALT_LENGTH = 14;
    private static final int AUTH_KEY_LENGTH = 20;
    private static final int SHA1_LENGTH = 20;

    private static final int LABEL_RTP_ENCRYPTION = 0;
    private static final int LABEL_RTP_AUTH = 1;
    private static final int LABEL_RTP_SALT = 2;
    private static final int LABEL_RTCP_ENCRYPTION = 3;
    private static final int LABEL_RTCP_AUTH = 4;
    private static final int LABEL_RTCP_SALT = 5;

    private final SrtpCryptoSuite suite;
    private final AesCounterMode rtpCipher;
    private final AesCounterMode rtcpCipher;
    private final HMac rtpMac;
    private final HMac rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] tag = new byte[SHA1_LENGTH];
    private final byte[] rocBytes = new byte[4];

    // Sending side.
    private boolean sentAny;
    private int lastSentSequence;
    private long sendRollover;
    private long srtcpIndex;

    // Receiving side.
    private boolean receivedAny;
    private long receiveSsrc;
    private int highestSequence;
    private long receiveRollover;
    private final ReplayWindow rtpReplay = new ReplayWindow();
    private final ReplayWindow rtcpReplay = new ReplayWindow();

    /**
     * @param masterKeyAndSalt 16 bytes of master key followed by 14 bytes of master salt (as in an SDES
     *                         inline key)
     */
    public SrtpContext(SrtpCryptoSuite suite, byte[] masterKeyAndSalt) {
        if (masterKeyAndSalt.length != MASTER_KEY_LENGTH + MASTER_SALT_LENGTH) {
            throw new IllegalArgumentException("SRTP master key and salt must be 30 bytes, not "
                    + masterKeyAndSalt.length);
        }
        this.suite = suite;
        byte[] masterKey = java.util.Arrays.copyOfRange(masterKeyAndSalt, 0, MASTER_KEY_LENGTH);
        byte[] masterSalt = java.util.Arrays.copyOfRange(masterKeyAndSalt, MASTER_KEY_LENGTH,
                masterKeyAndSalt.length);
        AesCounterMode master = new AesCounterMode(masterKey);
        this.rtpCipher = new AesCounterMode(deriveKey(master, masterSalt, LABEL_RTP_ENCRYPTION, SESSION_KEY_LENGTH));
        this.rtcpCipher = new AesCounterMode(deriveKey(master, masterSalt, LABEL_RTCP_ENCRYPTION, SESSION_KEY_LENGTH));
        this.rtpSalt = deriveKey(master, masterSalt, LABEL_RTP_SALT, SESSION_SALT_LENGTH);
        this.rtcpSalt = deriveKey(master, masterSalt, LABEL_RTCP_SALT, SESSION_SALT_LENGTH);
        this.rtpMac = hmac(deriveKey(master, masterSalt, LABEL_RTP_AUTH, AUTH_KEY_LENGTH));
        this.rtcpMac = hmac(deriveKey(master, masterSalt, LABEL_RTCP_AUTH, AUTH_KEY_LENGTH));
    }

    public SrtpCryptoSuite suite() {
        return suite;
    }

    /**
     * The session key for {@code label} (RFC 3711 4.3.1 with a key derivation rate of 0): the AES-CM
     * keystream under the master key, with IV = (master salt XOR label at bit 48) * 2^16.
     */
    static byte[] deriveKey(AesCounterMode master, byte[] masterSalt, int label, int length) {
        byte[] iv = master.iv();
        System.arraycopy(masterSalt, 0, iv, 0, MASTER_SALT_LENGTH);
        iv[7] ^= (byte) label;
        byte[] key = new byte[length];
        master.apply(key, 0, length);
        return key;
    }

    private static HMac hmac(byte[] key) {
        HMac mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(key));
        return mac;
    }

    // ---- SRTP ----

    /**
     * Encrypts the payload of the RTP packet in {@code packet[0, length)} and appends the tag.
     *
     * @return the SRTP packet's length, or {@link #MALFORMED}
     */
    public int protectRtp(byte[] packet, int length) {
        int header = rtpHeaderLength(packet, length);
        if (header < 0 || length + suite.rtpTagLength() > packet.length) {
            return MALFORMED;
        }
        int sequence = u16(packet, 2);
        if (sentAny && sequence < lastSentSequence && lastSentSequence - sequence > 0x8000) {
            sendRollover = (sendRollover + 1) & 0xFFFF_FFFFL;
        }
        sentAny = true;
        lastSentSequence = sequence;
        long index = (sendRollover << 16) | sequence;
        packetIv(rtpCipher.iv(), rtpSalt, u32(packet, 8), index);
        rtpCipher.apply(packet, header, length - header);
        rtpTag(packet, length, sendRollover);
        System.arraycopy(tag, 0, packet, length, suite.rtpTagLength());
        return length + suite.rtpTagLength();
    }

    /**
     * Authenticates and decrypts the SRTP packet in {@code packet[0, length)} in place.
     *
     * @return the RTP packet's length, or {@link #MALFORMED}, {@link #AUTHENTICATION_FAILED} or
     *         {@link #REPLAYED}; a rejected packet leaves the context unchanged
     */
    public int unprotectRtp(byte[] packet, int length) {
        int tagLength = suite.rtpTagLength();
        int authenticated = length - tagLength;
        int header = rtpHeaderLength(packet, authenticated);
        if (header < 0) {
            return MALFORMED;
        }
        int sequence = u16(packet, 2);
        long ssrc = u32(packet, 8);
        boolean sameStream = receivedAny && ssrc == receiveSsrc;
        long rollover = sameStream ? estimateRollover(sequence) : 0;
        long index = (rollover << 16) | sequence;
        if (sameStream && !rtpReplay.isFresh(index)) {
            return REPLAYED;
        }
        rtpTag(packet, authenticated, rollover);
        if (!tagMatches(packet, authenticated, tagLength)) {
            return AUTHENTICATION_FAILED;
        }
        packetIv(rtpCipher.iv(), rtpSalt, ssrc, index);
        rtpCipher.apply(packet, header, authenticated - header);
        if (!sameStream) {
            // First packet, or the peer started a new stream under the same key: start its state afresh.
            receivedAny = true;
            receiveSsrc = ssrc;
            rtpReplay.reset();
            receiveRollover = 0;
            highestSequence = sequence;
        } else if (index > rtpReplay.highest()) {
            receiveRollover = rollover;
            highestSequence = sequence;
        }
        rtpReplay.accept(index);
        return authenticated;
    }

    /** The rollover counter this sequence number most probably belongs to (RFC 3711 3.3.1). */
    private long estimateRollover(int sequence) {
        if (highestSequence < 0x8000) {
            if (sequence - highestSequence > 0x8000) {
                return (receiveRollover - 1) & 0xFFFF_FFFFL;
            }
            return receiveRollover;
        }
        if (highestSequence - 0x8000 > sequence) {
            return (receiveRollover + 1) & 0xFFFF_FFFFL;
        }
        return receiveRollover;
    }

    private void rtpTag(byte[] packet, int authenticated, long rollover) {
        rtpMac.update(packet, 0, authenticated);
        rocBytes[0] = (byte) (rollover >>> 24);
        rocBytes[1] = (byte) (rollover >>> 16);
        rocBytes[2] = (byte) (rollover >>> 8);
        rocBytes[3] = (byte) rollover;
        rtpMac.update(rocBytes, 0, 4);
        rtpMac.doFinal(tag, 0);
    }

    /** The length of the fixed header, CSRC list and header extension, or -1 if they do not fit. */
    static int rtpHeaderLength(byte[] packet, int length) {
        if (length < RTP_HEADER || (packet[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RTP_HEADER + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0) {
            if (header + 4 > length) {
                return -1;
            }
            header += 4 + 4 * u16(packet, header + 2);
        }
        return header <= length ? header : -1;
    }

    // ---- SRTCP ----

    /**
     * Encrypts the RTCP compound packet in {@code packet[0, length)} after its first 8 bytes and
     * appends the E flag with the SRTCP index and the 80-bit tag.
     *
     * @return the SRTCP packet's length, or {@link #MALFORMED}
     */
    public int protectRtcp(byte[] packet, int length) {
        if (length < RTCP_HEADER || length + SRTCP_INDEX_LENGTH + SRTCP_TAG_LENGTH > packet.length) {
            return MALFORMED;
        }
        long index = srtcpIndex;
        srtcpIndex = (srtcpIndex + 1) & 0x7FFF_FFFFL;
        packetIv(rtcpCipher.iv(), rtcpSalt, u32(packet, 4), index);
        rtcpCipher.apply(packet, RTCP_HEADER, length - RTCP_HEADER);
        writeU32(packet, length, 0x8000_0000L | index);
        int authenticated = length + SRTCP_INDEX_LENGTH;
        rtcpMac.update(packet, 0, authenticated);
        rtcpMac.doFinal(tag, 0);
        System.arraycopy(tag, 0, packet, authenticated, SRTCP_TAG_LENGTH);
        return authenticated + SRTCP_TAG_LENGTH;
    }

    /**
     * Authenticates and, when its E flag is set, decrypts the SRTCP packet in place.
     *
     * @return the RTCP packet's length, or {@link #MALFORMED}, {@link #AUTHENTICATION_FAILED} or
     *         {@link #REPLAYED}
     */
    public int unprotectRtcp(byte[] packet, int length) {
        int authenticated = length - SRTCP_TAG_LENGTH;
        int rtcpLength = authenticated - SRTCP_INDEX_LENGTH;
        if (rtcpLength < RTCP_HEADER) {
            return MALFORMED;
        }
        long word = u32(packet, rtcpLength);
        long index = word & 0x7FFF_FFFFL;
        if (!rtcpReplay.isFresh(index)) {
            return REPLAYED;
        }
        rtcpMac.update(packet, 0, authenticated);
        rtcpMac.doFinal(tag, 0);
        if (!tagMatches(packet, authenticated, SRTCP_TAG_LENGTH)) {
            return AUTHENTICATION_FAILED;
        }
        if ((word & 0x8000_0000L) != 0) {
            packetIv(rtcpCipher.iv(), rtcpSalt, u32(packet, 4), index);
            rtcpCipher.apply(packet, RTCP_HEADER, rtcpLength - RTCP_HEADER);
        }
        rtcpReplay.accept(index);
        return rtcpLength;
    }

    // ---- shared ----

    /** IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16) (RFC 3711 4.1.1). */
    private static void packetIv(byte[] iv, byte[] salt, long ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SESSION_SALT_LENGTH);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
    }

    /** Compares the computed tag with the packet's in constant time. */
    private boolean tagMatches(byte[] packet, int offset, int tagLength) {
        int difference = 0;
        for (int i = 0; i < tagLength; i++) {
            difference |= tag[i] ^ packet[offset + i];
        }
        return difference == 0;
    }

    private static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    private static long u32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
                | (b[offset + 3] & 0xFF);
    }

    private static void writeU32(byte[] b, int offset, long value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
