package org.babelbridge.media.rtp;

/**
 * Validates and parses RTP datagrams (RFC 3550 §5.1, §5.3.1). A datagram that is too short, has a
 * version other than 2, or whose CSRC count, header extension length or padding count point past
 * its end is rejected and counted by reason; nothing here throws on any input.
 * Confined to one thread (the receive loop of the leg that owns it).
 */
public final class RtpParser {

    /** Why a datagram was rejected. */
    public enum Reject {
        TOO_SHORT, BAD_VERSION, CSRC_OVERRUN, EXTENSION_OVERRUN, BAD_PADDING, RTCP
    }

    private final long[] rejected = new long[Reject.values().length];
    private long accepted;

    /**
     * Parses {@code length} bytes of {@code data} from {@code offset} into {@code into}.
     *
     * @return true when the datagram is a valid RTP packet; otherwise it is counted and dropped
     */
    public boolean parse(byte[] data, int offset, int length, RtpPacket into) {
        Reject reason = check(data, offset, length, into);
        if (reason != null) {
            rejected[reason.ordinal()]++;
            return false;
        }
        accepted++;
        return true;
    }

    private static Reject check(byte[] data, int offset, int length, RtpPacket p) {
        if (data == null || offset < 0 || length < RtpPacket.FIXED_HEADER_BYTES
                || offset > data.length - length) {
            return Reject.TOO_SHORT;
        }
        int b0 = data[offset] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return Reject.BAD_VERSION;
        }
        int b1 = data[offset + 1] & 0xFF;
        int pt = b1 & 0x7F;
        // RFC 5761 §4: payload types 72..76 with the marker bit are RTCP packet types 200..204.
        if (pt >= 72 && pt <= 76) {
            return Reject.RTCP;
        }
        int csrcCount = b0 & 0x0F;
        int headerEnd = RtpPacket.FIXED_HEADER_BYTES + 4 * csrcCount;
        if (headerEnd > length) {
            return Reject.CSRC_OVERRUN;
        }
        boolean extension = (b0 & 0x10) != 0;
        if (extension) {
            if (headerEnd + 4 > length) {
                return Reject.EXTENSION_OVERRUN;
            }
            int words = ((data[offset + headerEnd + 2] & 0xFF) << 8) | (data[offset + headerEnd + 3] & 0xFF);
            headerEnd += 4 + 4 * words;
            if (headerEnd > length) {
                return Reject.EXTENSION_OVERRUN;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = data[offset + length - 1] & 0xFF;
            if (padding == 0 || headerEnd + padding > length) {
                return Reject.BAD_PADDING;
            }
        }
        p.marker = (b1 & 0x80) != 0;
        p.payloadType = pt;
        p.sequenceNumber = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        p.timestamp = readUint32(data, offset + 4);
        p.ssrc = readUint32(data, offset + 8);
        p.csrcCount = csrcCount;
        p.hasExtension = extension;
        p.paddingBytes = padding;
        p.buffer = data;
        p.payloadOffset = offset + headerEnd;
        p.payloadLength = length - headerEnd - padding;
        return null;
    }

    static long readUint32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8)
                | (d[at + 3] & 0xFF);
    }

    public long accepted() {
        return accepted;
    }

    public long rejected(Reject reason) {
        return rejected[reason.ordinal()];
    }

    /** All rejected datagrams, every reason. */
    public long rejectedTotal() {
        long sum = 0;
        for (long r : rejected) {
            sum += r;
        }
        return sum;
    }
}
