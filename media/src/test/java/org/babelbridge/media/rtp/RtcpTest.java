package org.babelbridge.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtcpTest {

    @Test
    void senderReportRoundTripsWithReportBlocks() {
        byte[] out = new byte[1500];
        RtcpReportBlock block = new RtcpReportBlock(0xCAFEL, 64, -3, 70_000, 123, 0x1234_5678L, 65_536);
        long ntp = Rtcp.ntpTimestamp(1_764_000_000_123L);

        int length = Rtcp.writeSenderReport(out, 0xABCDL, ntp, 9_999, 50, 8_000, List.of(block));
        List<RtcpReport> reports = Rtcp.parse(out, 0, length);

        assertThat(length).isEqualTo(52);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.senderReport()).isTrue();
            assertThat(r.ssrc()).isEqualTo(0xABCDL);
            assertThat(r.ntpTimestamp()).isEqualTo(ntp);
            assertThat(r.rtpTimestamp()).isEqualTo(9_999);
            assertThat(r.senderPacketCount()).isEqualTo(50);
            assertThat(r.senderOctetCount()).isEqualTo(8_000);
            assertThat(r.blocks()).containsExactly(block);
        });
    }

    @Test
    void receiverReportCarriesLossAndJitterFromReceiveStats() {
        RtpReceiveStats stats = new RtpReceiveStats(8000);
        for (int seq = 0; seq < 50; seq++) {
            if (seq != 10) {
                stats.onPacket(77, seq, 160L * seq, seq * 20_000_000L);
            }
        }
        byte[] out = new byte[100];

        int length = Rtcp.writeReceiverReport(out, 5, List.of(stats.takeReportBlock(0, 0)));
        RtcpReport report = Rtcp.parse(out, 0, length).get(0);

        assertThat(report.senderReport()).isFalse();
        RtcpReportBlock block = report.blocks().get(0);
        assertThat(block.ssrc()).isEqualTo(77);
        assertThat(block.cumulativeLost()).isEqualTo(1);
        assertThat(block.fractionLost()).isEqualTo(256 / 50);
        assertThat(block.extendedHighestSequence()).isEqualTo(49);
    }

    @Test
    void parsesEveryReportOfACompoundPacketAndSkipsOtherTypes() {
        byte[] out = new byte[200];
        int rr = Rtcp.writeReceiverReport(out, 1, List.of());
        // an SDES packet with one empty chunk: 2 words
        out[rr] = (byte) 0x81;
        out[rr + 1] = (byte) 202;
        out[rr + 3] = 1;
        byte[] sr = new byte[100];
        int srLength = Rtcp.writeSenderReport(sr, 2, 0, 0, 0, 0, List.of());
        System.arraycopy(sr, 0, out, rr + 8, srLength);

        List<RtcpReport> reports = Rtcp.parse(out, 0, rr + 8 + srLength);

        assertThat(reports).extracting(RtcpReport::ssrc).containsExactly(1L, 2L);
    }

    @Test
    void malformedCompoundPacketsYieldNothingAndNeverThrow() {
        byte[] out = new byte[100];
        int length = Rtcp.writeReceiverReport(out, 1,
                List.of(new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0)));
        out[3] = 40; // length word beyond the datagram
        assertThat(Rtcp.parse(out, 0, length)).isEmpty();

        SplittableRandom random = new SplittableRandom(3);
        byte[] noise = new byte[128];
        for (int i = 0; i < 300_000; i++) {
            int n = random.nextInt(noise.length + 1);
            for (int j = 0; j < n; j++) {
                noise[j] = (byte) random.nextInt(256);
            }
            if (n > 0) {
                noise[0] = (byte) (0x80 | (noise[0] & 0x1F));
            }
            Rtcp.parse(noise, 0, n);
        }
    }
}
