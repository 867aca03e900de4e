package org.babelbridge.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtpParserTest {
    private final RtpParser parser = new RtpParser();
    private final RtpPacket packet = new RtpPacket();

    private static byte[] packet(int payloadType, int seq, long ts, long ssrc, int payloadBytes) {
        byte[] out = new byte[12 + payloadBytes];
        RtpWriter writer = new RtpWriter(ssrc, seq);
        for (int i = 0; i < payloadBytes; i++) {
            out[12 + i] = (byte) i;
        }
        writer.writeHeader(out, payloadType, true, ts, payloadBytes);
        return out;
    }

    @Test
    void parsesWhatTheWriterWrote() {
        byte[] data = packet(8, 65_535, 0xFFFF_FFF0L, 0xDEAD_BEEFL, 160);

        assertThat(parser.parse(data, 0, data.length, packet)).isTrue();

        assertThat(packet.payloadType()).isEqualTo(8);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.sequenceNumber()).isEqualTo(65_535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(packet.ssrc()).isEqualTo(0xDEAD_BEEFL);
        assertThat(packet.payloadOffset()).isEqualTo(12);
        assertThat(packet.payloadLength()).isEqualTo(160);
        assertThat(packet.buffer()[packet.payloadOffset() + 5]).isEqualTo((byte) 5);
    }

    @Test
    void skipsCsrcListAndHeaderExtensionAndPadding() {
        byte[] data = new byte[12 + 8 + 4 + 8 + 10 + 3];
        data[0] = (byte) (0x80 | 0x20 | 0x10 | 2);
        data[1] = 0;
        data[12 + 8 + 3] = 2; // extension length: 2 words
        data[data.length - 1] = 3; // 3 bytes of padding

        assertThat(parser.parse(data, 0, data.length, packet)).isTrue();

        assertThat(packet.csrcCount()).isEqualTo(2);
        assertThat(packet.hasExtension()).isTrue();
        assertThat(packet.payloadOffset()).isEqualTo(32);
        assertThat(packet.payloadLength()).isEqualTo(10);
        assertThat(packet.paddingBytes()).isEqualTo(3);
    }

    @Test
    void rejectsAndCountsPacketsThatLieAboutTheirLengths() {
        byte[] shortPacket = new byte[11];
        shortPacket[0] = (byte) 0x80;
        byte[] version1 = packet(0, 1, 1, 1, 10);
        version1[0] = 0x40;
        byte[] csrcOverrun = packet(0, 1, 1, 1, 10);
        csrcOverrun[0] = (byte) (0x80 | 15);
        byte[] extensionOverrun = packet(0, 1, 1, 1, 10);
        extensionOverrun[0] = (byte) 0x90;
        extensionOverrun[14] = (byte) 0xFF;
        extensionOverrun[15] = (byte) 0xFF;
        byte[] paddingOverrun = packet(0, 1, 1, 1, 10);
        paddingOverrun[0] = (byte) 0xA0;
        paddingOverrun[paddingOverrun.length - 1] = (byte) 200;
        byte[] zeroPadding = packet(0, 1, 1, 1, 10);
        zeroPadding[0] = (byte) 0xA0;
        zeroPadding[zeroPadding.length - 1] = 0;

        for (byte[] bad : new byte[][] {shortPacket, version1, csrcOverrun, extensionOverrun, paddingOverrun,
                zeroPadding}) {
            assertThat(parser.parse(bad, 0, bad.length, packet)).isFalse();
        }

        assertThat(parser.rejected(RtpParser.Reject.TOO_SHORT)).isEqualTo(1);
        assertThat(parser.rejected(RtpParser.Reject.BAD_VERSION)).isEqualTo(1);
        assertThat(parser.rejected(RtpParser.Reject.CSRC_OVERRUN)).isEqualTo(1);
        assertThat(parser.rejected(RtpParser.Reject.EXTENSION_OVERRUN)).isEqualTo(1);
        assertThat(parser.rejected(RtpParser.Reject.BAD_PADDING)).isEqualTo(2);
        assertThat(parser.accepted()).isZero();
    }

    @Test
    void rejectsOffsetsOutsideTheBuffer() {
        byte[] data = packet(0, 1, 1, 1, 10);

        assertThat(parser.parse(data, 20, data.length, packet)).isFalse();
        assertThat(parser.parse(data, -1, 12, packet)).isFalse();
        assertThat(parser.parse(null, 0, 12, packet)).isFalse();
        assertThat(parser.rejectedTotal()).isEqualTo(3);
    }

    @Test
    void setsRtcpAsideOnASharedPort() {
        byte[] rr = new byte[32];
        int length = Rtcp.writeReceiverReport(rr, 7,
                java.util.List.of(new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0)));

        assertThat(parser.parse(rr, 0, length, packet)).isFalse();
        assertThat(parser.rejected(RtpParser.Reject.RTCP)).isEqualTo(1);
    }

    @Test
    void survivesMillionsOfRandomAndMutatedDatagrams() {
        SplittableRandom random = new SplittableRandom(20_261_125L);
        byte[] valid = packet(0, 100, 1000, 42, 160);
        byte[] buffer = new byte[300];
        int iterations = 3_000_000;
        long accepted = 0;
        for (int i = 0; i < iterations; i++) {
            int length;
            if ((i & 1) == 0) {
                length = random.nextInt(buffer.length + 1);
                for (int j = 0; j < length; j++) {
                    buffer[j] = (byte) random.nextInt(256);
                }
                buffer[0] = (byte) ((buffer[0] & 0x3F) | 0x80); // mostly version 2, to reach the deep checks
            } else {
                length = Math.min(buffer.length, valid.length + random.nextInt(-12, 13));
                System.arraycopy(valid, 0, buffer, 0, Math.min(length, valid.length));
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                    int at = random.nextInt(Math.max(1, Math.min(length, 24)));
                    buffer[at] = (byte) random.nextInt(256);
                }
                buffer[length > 0 ? length - 1 : 0] = (byte) random.nextInt(256);
            }
            int offset = random.nextInt(4) == 0 ? random.nextInt(-2, 3) : 0;
            if (parser.parse(buffer, offset, length, packet)) {
                accepted++;
                assertThat(packet.payloadOffset() + packet.payloadLength() + packet.paddingBytes())
                        .isLessThanOrEqualTo(offset + length);
                assertThat(packet.payloadLength()).isNotNegative();
            }
        }

        assertThat(parser.accepted()).isEqualTo(accepted).isPositive();
        assertThat(parser.accepted() + parser.rejectedTotal()).isEqualTo(iterations);
    }
}
