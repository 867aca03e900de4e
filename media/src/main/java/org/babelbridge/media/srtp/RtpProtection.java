package org.babelbridge.media.srtp;

/**
 * A transform a leg applies to every RTP and RTCP packet it sends and receives (SRTP, or nothing).
 * Packets are transformed in place; the buffer has room for what protection appends. Called on the
 * leg's media thread only.
 */
public interface RtpProtection {

    /** Bytes protection may append to a packet (room a sender must leave in its buffer). */
    int MAX_OVERHEAD = SrtpContext.SRTCP_INDEX_LENGTH + SrtpContext.SRTCP_TAG_LENGTH;

    /** @return the protected length, or a negative value when the packet cannot be sent */
    int protectRtp(byte[] packet, int length);

    /** @return the plain length, or a negative value when the packet must be dropped */
    int unprotectRtp(byte[] packet, int length);

    /** @return the protected length, or a negative value when the packet cannot be sent */
    int protectRtcp(byte[] packet, int length);

    /** @return the plain length, or a negative value when the packet must be dropped */
    int unprotectRtcp(byte[] packet, int length);

    /** Counters of this protection, approximate while media flows. Any thread. */
    SrtpStats stats();
}
