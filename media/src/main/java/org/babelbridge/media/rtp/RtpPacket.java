package org.babelbridge.media.rtp;

/**
 * A parsed RTP header (RFC 3550 §5.1) and where its payload lies in the datagram it came from.
 * Mutable and reused: the receive loop parses every datagram into the same instance, so nothing
 * is allocated per packet. The payload stays in the caller's buffer; this object only points at it.
 * Confined to one thread.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_BYTES = 12;

    boolean marker;
    int payloadType;
    int sequenceNumber;
    long timestamp;
    long ssrc;
    int csrcCount;
    boolean hasExtension;
    int paddingBytes;
    byte[] buffer;
    int payloadOffset;
    int payloadLength;

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** 16-bit sequence number, 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** 32-bit timestamp as an unsigned value. */
    public long timestamp() {
        return timestamp;
    }

    /** 32-bit SSRC as an unsigned value. */
    public long ssrc() {
        return ssrc;
    }

    public int csrcCount() {
        return csrcCount;
    }

    public boolean hasExtension() {
        return hasExtension;
    }

    public int paddingBytes() {
        return paddingBytes;
    }

    /** The datagram buffer the payload lives in (owned by the receive loop, valid until its next read). */
    public byte[] buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }
}
