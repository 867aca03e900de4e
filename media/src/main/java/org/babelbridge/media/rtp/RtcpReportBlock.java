package org.babelbridge.media.rtp;

/**
 * One RTCP reception report block (RFC 3550 §6.4.1). {@code fractionLost} is 8-bit fixed point
 * (256 = all lost), {@code cumulativeLost} is a signed 24-bit count, {@code jitter} in timestamp units.
 */
public record RtcpReportBlock(long ssrc, int fractionLost, long cumulativeLost, long extendedHighestSequence,
                              long jitter, long lastSenderReport, long delaySinceLastSenderReport) {

    public double fractionLostRatio() {
        return fractionLost / 256.0;
    }
}
