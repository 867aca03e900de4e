package org.babelbridge.media.rtp;

/**
 * Writes outgoing RTP packets of one stream (one SSRC): a fixed 12-byte header, no CSRC, no
 * extension, no padding. Keeps the sequence number and lets the caller drive the timestamp.
 * Confined to one thread; writes into a caller-owned buffer, allocates nothing.
 */
public final class RtpWriter {
    private final long ssrc;
    private int sequenceNumber;
    private long packets;
    private long payloadBytes;

    public RtpWriter(long ssrc, int initialSequenceNumber) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.sequenceNumber = initialSequenceNumber & 0xFFFF;
    }

    /**
     * Writes a header at {@code out[0..12)}; the payload must already be (or be put) at
     * {@code out[12..12+payloadLength)}.
     *
     * @return the total packet length
     */
    public int writeHeader(byte[] out, int payloadType, boolean marker, long timestamp, int payloadLength) {
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out[2] = (byte) (sequenceNumber >>> 8);
        out[3] = (byte) sequenceNumber;
        writeUint32(out, 4, timestamp);
        writeUint32(out, 8, ssrc);
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        packets++;
        payloadBytes += payloadLength;
        return RtpPacket.FIXED_HEADER_BYTES + payloadLength;
    }

    static void writeUint32(byte[] d, int at, long v) {
        d[at] = (byte) (v >>> 24);
        d[at + 1] = (byte) (v >>> 16);
        d[at + 2] = (byte) (v >>> 8);
        d[at + 3] = (byte) v;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return sequenceNumber;
    }

    public long packetsSent() {
        return packets;
    }

    public long payloadBytesSent() {
        return payloadBytes;
    }
}
