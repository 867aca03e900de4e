package org.babelbridge.media.leg;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.babelbridge.media.rtp.Rtcp;
import org.babelbridge.media.rtp.RtcpReport;
import org.babelbridge.media.rtp.RtcpReportBlock;
import org.babelbridge.media.rtp.RtpReceiveStats;
import org.babelbridge.media.rtp.RtpWriter;

/**
 * RTCP for one leg (RFC 3550 §6): reads the peer's sender and receiver reports (remembering the last
 * SR for LSR/DLSR, and what the peer says about our stream: loss fraction and jitter), and writes our
 * periodic report: an SR while we send, carrying a reception report block for the peer's stream.
 * Reports go to where the peer's RTCP comes from, else to the RTP address's port + 1, or to the RTP
 * address itself when the peer multiplexes RTCP on the RTP port (RFC 5761).
 * Confined to the leg's media thread; reports are rare (every few seconds), so they may allocate.
 */
public final class RtcpReporter {
    private long lastSrMiddle32;
    private long lastSrArrivalNs;
    private boolean haveSr;
    private InetSocketAddress rtcpSource;
    private boolean multiplexed;
    private long reportsReceived;
    private long malformed;
    private volatile int remoteFractionLost;
    private volatile long remoteCumulativeLost;
    private volatile long remoteJitter;
    private volatile boolean haveRemoteReport;

    /** Handles one RTCP datagram; {@code onRtpPort} when it came on the RTP socket (multiplexed). */
    public void onRtcp(byte[] data, int length, SocketAddress source, long nowNs, long ourSsrc, boolean onRtpPort) {
        List<RtcpReport> reports = Rtcp.parse(data, 0, length);
        if (reports.isEmpty()) {
            malformed++;
            return;
        }
        if (source instanceof InetSocketAddress inet) {
            rtcpSource = inet;
        }
        multiplexed = onRtpPort;
        for (RtcpReport report : reports) {
            reportsReceived++;
            if (report.senderReport()) {
                lastSrMiddle32 = report.ntpMiddle32();
                lastSrArrivalNs = nowNs;
                haveSr = true;
            }
            for (RtcpReportBlock block : report.blocks()) {
                if (block.ssrc() == ourSsrc) {
                    remoteFractionLost = block.fractionLost();
                    remoteCumulativeLost = block.cumulativeLost();
                    remoteJitter = block.jitter();
                    haveRemoteReport = true;
                }
            }
        }
    }

    /**
     * Writes our report into {@code out}: an SR when we have sent packets, else an RR; with a report
     * block when the peer's stream has started.
     *
     * @return the report length
     */
    public int write(byte[] out, RtpWriter writer, long rtpTimestampNow, RtpReceiveStats received, long nowNs,
                     long wallClockMillis) {
        List<RtcpReportBlock> blocks = List.of();
        if (received != null && received.started()) {
            long dlsr = haveSr ? (nowNs - lastSrArrivalNs) * 65_536L / 1_000_000_000L : 0;
            blocks = List.of(received.takeReportBlock(haveSr ? lastSrMiddle32 : 0, dlsr));
        }
        if (writer.packetsSent() > 0) {
            return Rtcp.writeSenderReport(out, writer.ssrc(), Rtcp.ntpTimestamp(wallClockMillis), rtpTimestampNow,
                    writer.packetsSent(), writer.payloadBytesSent(), blocks);
        }
        return Rtcp.writeReceiverReport(out, writer.ssrc(), blocks);
    }

    /** Where to send our reports, given the current RTP destination; null when unknown. */
    public InetSocketAddress destination(InetSocketAddress rtpRemote) {
        if (multiplexed) {
            return rtpRemote;
        }
        if (rtcpSource != null) {
            return rtcpSource;
        }
        if (rtpRemote == null) {
            return null;
        }
        return new InetSocketAddress(rtpRemote.getAddress(), rtpRemote.getPort() + 1);
    }

    /** True when reports should go out on the RTP socket (the peer multiplexes). */
    public boolean multiplexed() {
        return multiplexed;
    }

    public long reportsReceived() {
        return reportsReceived;
    }

    public long malformed() {
        return malformed;
    }

    public boolean haveRemoteReport() {
        return haveRemoteReport;
    }

    /** The peer's view of our stream: loss fraction 0..1 in its last report. */
    public double remoteFractionLost() {
        return remoteFractionLost / 256.0;
    }

    public long remoteCumulativeLost() {
        return remoteCumulativeLost;
    }

    /** The peer's interarrival jitter for our stream, in RTP timestamp units. */
    public long remoteJitter() {
        return remoteJitter;
    }
}
