package org.babelbridge.media.conference;

import java.net.InetSocketAddress;

/**
 * A snapshot of one leg's counters. Receive side: datagrams, valid RTP packets, malformed (dropped by
 * validation), unknown payload types, RFC 3550 loss and jitter; jitter buffer: late, lost (concealed
 * holes), reordered, current playout delay. Send side: packets sent, send failures. RTCP: reports
 * received and sent, and the peer's view of our stream from its last report (loss fraction 0..1, jitter).
 */
public record LegStats(String legId, int localPort, InetSocketAddress remote, long datagramsReceived,
                       long packetsReceived, long malformed, long unknownPayload, long cumulativeLost,
                       double jitterMs, long late, long lostFrames, long reordered, long concealedFrames,
                       int playoutDelayMs, long packetsSent, long sendFailures, long dtmfDigits,
                       long rtcpReceived, long rtcpSent, double remoteFractionLost, double remoteJitterMs) {
}
