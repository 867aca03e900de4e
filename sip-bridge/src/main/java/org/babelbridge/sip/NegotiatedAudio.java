package org.babelbridge.sip;

/**
 * What offer/answer settled for one audio stream: the codec both sides use, where to send RTP,
 * the RFC 4733 payload type ({@code -1} if the peer has none), whether the peer wants our audio
 * (false while it holds the call) and the SRTP keys ({@code null} for plain RTP).
 */
public record NegotiatedAudio(String codecName, int payloadType, int rtpClockRate, String remoteHost,
                              int remotePort, int telephoneEventPayloadType, boolean peerReceives, SrtpKeys srtp) {

    /** Plain RTP. */
    public NegotiatedAudio(String codecName, int payloadType, int rtpClockRate, String remoteHost, int remotePort,
                           int telephoneEventPayloadType, boolean peerReceives) {
        this(codecName, payloadType, rtpClockRate, remoteHost, remotePort, telephoneEventPayloadType, peerReceives,
                null);
    }

    public NegotiatedAudio withSrtp(SrtpKeys keys) {
        return new NegotiatedAudio(codecName, payloadType, rtpClockRate, remoteHost, remotePort,
                telephoneEventPayloadType, peerReceives, keys);
    }
}
