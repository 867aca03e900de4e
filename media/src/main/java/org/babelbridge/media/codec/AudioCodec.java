package org.babelbridge.media.codec;

/**
 * One direction of one RTP audio codec. Instances may keep state (G.722 does), so each leg
 * owns one encoder and one decoder and uses them from a single thread.
 */
public interface AudioCodec {

    /** SDP encoding name, e.g. {@code PCMU}, {@code PCMA}, {@code G722}. */
    String name();

    /** Static RTP payload type (RFC 3551). */
    int payloadType();

    /** Clock rate written in SDP and used for RTP timestamps (8000 for G.722, the RFC 3551 quirk). */
    int rtpClockRate();

    /** Sample rate of the decoded audio: 8000 for G.711, 16000 for G.722. */
    int sampleRateHz();

    /**
     * Decodes {@code length} payload bytes into {@code pcmOut} starting at {@code outOffset}.
     *
     * @return the number of samples written
     */
    int decode(byte[] payload, int offset, int length, short[] pcmOut, int outOffset);

    /**
     * Encodes {@code samples} samples (at {@link #sampleRateHz()}) into {@code out}.
     *
     * @return the number of bytes written
     */
    int encode(short[] pcm, int offset, int samples, byte[] out, int outOffset);
}
