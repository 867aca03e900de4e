package org.babelbridge.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpReceiveStatsTest {
    private static final long FRAME_NS = 20_000_000L;
    private final RtpReceiveStats stats = new RtpReceiveStats(8000);

    @Test
    void extendsSequenceNumbersAcrossTheWrap() {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            stats.onPacket(1, (65_530 + i) & 0xFFFF, 160L * i, t += FRAME_NS);
        }

        assertThat(stats.extendedHighestSequence()).isEqualTo(65_539);
        assertThat(stats.lastExtendedSequence()).isEqualTo(65_539);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void extendsTimestampsAcrossTheWrap() {
        long ts = 0xFFFF_FF00L;
        stats.onPacket(1, 1, ts, 0);
        stats.onPacket(1, 2, (ts + 160) & 0xFFFF_FFFFL, FRAME_NS);
        stats.onPacket(1, 3, (ts + 320) & 0xFFFF_FFFFL, 2 * FRAME_NS);

        assertThat(stats.lastExtendedTimestamp()).isEqualTo(ts + 320);
    }

    @Test
    void countsLossAndReportsTheIntervalFraction() {
        long t = 0;
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 == 3) {
                continue; // every fourth packet lost
            }
            stats.onPacket(9, seq, 160L * seq, t += FRAME_NS);
        }

        assertThat(stats.expected()).isEqualTo(99);
        assertThat(stats.cumulativeLost()).isEqualTo(24);
        assertThat(stats.takeFractionLost()).isEqualTo(24 * 256 / 99);
        assertThat(stats.takeFractionLost()).isZero();
    }

    @Test
    void countsReorderedPacketsWithoutCallingThemLost() {
        int[] order = {0, 1, 3, 2, 4, 6, 5, 7};
        long t = 0;
        for (int seq : order) {
            stats.onPacket(9, seq, 160L * seq, t += FRAME_NS);
        }

        assertThat(stats.reordered()).isEqualTo(2);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void newSsrcResetsTheStream() {
        long t = 0;
        for (int seq = 0; seq < 10; seq += 2) {
            stats.onPacket(1, seq, 160L * seq, t += FRAME_NS);
        }
        assertThat(stats.cumulativeLost()).isEqualTo(4);

        assertThat(stats.onPacket(2, 5000, 77, t += FRAME_NS)).isEqualTo(RtpReceiveStats.Verdict.NEW_STREAM);

        assertThat(stats.ssrc()).isEqualTo(2);
        assertThat(stats.cumulativeLost()).isZero();
        assertThat(stats.received()).isEqualTo(1);
        assertThat(stats.ssrcChanges()).isEqualTo(1);
    }

    @Test
    void largeSequenceJumpIsDroppedUnlessTheNextPacketConfirmsIt() {
        stats.onPacket(1, 10, 0, 0);
        assertThat(stats.onPacket(1, 30_000, 160, FRAME_NS)).isEqualTo(RtpReceiveStats.Verdict.BAD_SEQUENCE);
        assertThat(stats.onPacket(1, 11, 160, 2 * FRAME_NS)).isEqualTo(RtpReceiveStats.Verdict.IN_ORDER);

        assertThat(stats.onPacket(1, 40_000, 320, 3 * FRAME_NS)).isEqualTo(RtpReceiveStats.Verdict.BAD_SEQUENCE);
        assertThat(stats.onPacket(1, 40_001, 480, 4 * FRAME_NS)).isEqualTo(RtpReceiveStats.Verdict.NEW_STREAM);
        assertThat(stats.restarts()).isEqualTo(1);
    }

    @Test
    void jitterIsZeroForPerfectPacingAndFollowsRfc3550ForAlternatingDelay() {
        long t = 0;
        for (int seq = 0; seq < 200; seq++) {
            stats.onPacket(1, seq, 160L * seq, t += FRAME_NS);
        }
        assertThat(stats.jitterTimestampUnits()).isZero();

        RtpReceiveStats alternating = new RtpReceiveStats(8000);
        for (int seq = 0; seq < 500; seq++) {
            long delayNs = (seq % 2) * 10_000_000L; // 0 or 10 ms: |D| = 80 units every packet
            alternating.onPacket(1, seq, 160L * seq, seq * FRAME_NS + delayNs);
        }
        assertThat(alternating.jitterTimestampUnits()).isBetween(78L, 80L);
        assertThat(alternating.jitterMs()).isBetween(9.7, 10.0);
    }
}
