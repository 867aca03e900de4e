package org.babelbridge.sip;

/**
 * What offer/answer settled for one audio stream: the codec both sides use, where to send RTP,
 * the RFC 4733 payload type ({@code -1} if the peer has none) and whether the peer wants our audio
 * (false while it holds the call).
 */
public record NegotiatedAudio(String codecName, int payloadType, int rtpClockRate, String remoteHost,
                              int remotePort, int telephoneEventPayloadType, boolean peerReceives) {
}
