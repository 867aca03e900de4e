package org.babelbridge.media.rtp;

import java.util.List;

/**
 * A parsed RTCP sender or receiver report (RFC 3550 §6.4). Sender fields are zero for a receiver
 * report. {@code ntpTimestamp} is the 64-bit NTP time of a sender report.
 */
public record RtcpReport(boolean senderReport, long ssrc, long ntpTimestamp, long rtpTimestamp,
                         long senderPacketCount, long senderOctetCount, List<RtcpReportBlock> blocks) {

    /** The middle 32 bits of the NTP timestamp, echoed as LSR in the peer's report blocks. */
    public long ntpMiddle32() {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }
}
