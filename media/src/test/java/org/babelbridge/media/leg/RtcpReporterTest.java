package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.babelbridge.media.rtp.Rtcp;
import org.babelbridge.media.rtp.RtcpReport;
import org.babelbridge.media.rtp.RtcpReportBlock;
import org.babelbridge.media.rtp.RtpReceiveStats;
import org.babelbridge.media.rtp.RtpWriter;
import org.junit.jupiter.api.Test;

class RtcpReporterTest {
    private static final InetSocketAddress RTP_REMOTE = new InetSocketAddress("127.0.0.1", 40_000);
    private final RtcpReporter reporter = new RtcpReporter();
    private final byte[] buffer = new byte[1500];

    @Test
    void echoesThePeersLastSenderReportWithTheDelaySinceIt() {
        long ntp = Rtcp.ntpTimestamp(1_764_000_000_000L);
        int length = Rtcp.writeSenderReport(buffer, 99, ntp, 0, 10, 1600, List.of());
        long arrival = 5_000_000_000L;
        reporter.onRtcp(buffer, length, new InetSocketAddress("127.0.0.1", 40_001), arrival, 7, false);
        RtpReceiveStats received = new RtpReceiveStats(8000);
        received.onPacket(99, 1, 160, arrival);
        RtpWriter writer = new RtpWriter(7, 0);
        writer.writeHeader(new byte[200], 0, false, 0, 160);

        int out = reporter.write(buffer, writer, 1234, received, arrival + 500_000_000L, 1_764_000_001_000L);
        RtcpReport report = Rtcp.parse(buffer, 0, out).get(0);

        assertThat(report.senderReport()).isTrue();
        assertThat(report.ssrc()).isEqualTo(7);
        assertThat(report.rtpTimestamp()).isEqualTo(1234);
        assertThat(report.senderPacketCount()).isEqualTo(1);
        RtcpReportBlock block = report.blocks().get(0);
        assertThat(block.ssrc()).isEqualTo(99);
        assertThat(block.lastSenderReport()).isEqualTo((ntp >>> 16) & 0xFFFF_FFFFL);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(32_768);
    }

    @Test
    void remembersWhatThePeerReportsAboutOurStream() {
        RtcpReportBlock aboutUs = new RtcpReportBlock(7, 64, 12, 500, 80, 0, 0);
        RtcpReportBlock aboutOther = new RtcpReportBlock(8, 255, 99, 0, 0, 0, 0);
        int length = Rtcp.writeReceiverReport(buffer, 99, List.of(aboutOther, aboutUs));

        reporter.onRtcp(buffer, length, RTP_REMOTE, 0, 7, true);

        assertThat(reporter.remoteFractionLost()).isEqualTo(0.25);
        assertThat(reporter.remoteCumulativeLost()).isEqualTo(12);
        assertThat(reporter.remoteJitter()).isEqualTo(80);
    }

    @Test
    void sendsToTheRtcpSourceElseToTheRtpPortPlusOneElseMultiplexed() {
        assertThat(reporter.destination(RTP_REMOTE)).isEqualTo(new InetSocketAddress("127.0.0.1", 40_001));
        assertThat(reporter.destination(null)).isNull();

        int length = Rtcp.writeReceiverReport(buffer, 99, List.of());
        InetSocketAddress natted = new InetSocketAddress("127.0.0.1", 51_000);
        reporter.onRtcp(buffer, length, natted, 0, 7, false);
        assertThat(reporter.destination(RTP_REMOTE)).isEqualTo(natted);

        reporter.onRtcp(buffer, length, RTP_REMOTE, 0, 7, true);
        assertThat(reporter.multiplexed()).isTrue();
        assertThat(reporter.destination(RTP_REMOTE)).isEqualTo(RTP_REMOTE);
    }

    @Test
    void countsMalformedReports() {
        reporter.onRtcp(new byte[] {(byte) 0x80, (byte) 200, 0, 40}, 4, RTP_REMOTE, 0, 7, false);

        assertThat(reporter.malformed()).isEqualTo(1);
        assertThat(reporter.reportsReceived()).isZero();
    }
}
