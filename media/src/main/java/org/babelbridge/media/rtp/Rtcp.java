package org.babelbridge.media.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads RTCP sender and receiver reports (RFC 3550 §6.4). Reading walks a compound
 * packet, checks version and every length word against the datagram, keeps SR/RR and skips other
 * packet types (SDES, BYE, APP, feedback). Malformed input yields an empty list, never an exception.
 * Stateless; RTCP is sent every few seconds, so these methods may allocate.
 */
public final class Rtcp {
    public static final int SR = 200;
    public static final int RR = 201;
    private static final int BLOCK_BYTES = 24;

    private Rtcp() {
    }

    /** Writes a sender report with up to 31 blocks into {@code out}; returns its length in bytes. */
    public static int writeSenderReport(byte[] out, long ssrc, long ntpTimestamp, long rtpTimestamp,
                                        long packetCount, long octetCount, List<RtcpReportBlock> blocks) {
        int count = checkCount(blocks);
        int length = 28 + BLOCK_BYTES * count;
        writeCommon(out, SR, count, length, ssrc);
        RtpWriter.writeUint32(out, 8, ntpTimestamp >>> 32);
        RtpWriter.writeUint32(out, 12, ntpTimestamp);
        RtpWriter.writeUint32(out, 16, rtpTimestamp);
        RtpWriter.writeUint32(out, 20, packetCount);
        RtpWriter.writeUint32(out, 24, octetCount);
        writeBlocks(out, 28, blocks);
        return length;
    }

    /** Writes a receiver report with up to 31 blocks into {@code out}; returns its length in bytes. */
    public static int writeReceiverReport(byte[] out, long ssrc, List<RtcpReportBlock> blocks) {
        int count = checkCount(blocks);
        int length = 8 + BLOCK_BYTES * count;
        writeCommon(out, RR, count, length, ssrc);
        writeBlocks(out, 8, blocks);
        return length;
    }

    private static int checkCount(List<RtcpReportBlock> blocks) {
        if (blocks.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks, got " + blocks.size());
        }
        return blocks.size();
    }

    private static void writeCommon(byte[] out, int type, int count, int length, long ssrc) {
        out[0] = (byte) (0x80 | count);
        out[1] = (byte) type;
        int words = length / 4 - 1;
        out[2] = (byte) (words >>> 8);
        out[3] = (byte) words;
        RtpWriter.writeUint32(out, 4, ssrc);
    }

    private static void writeBlocks(byte[] out, int at, List<RtcpReportBlock> blocks) {
        for (RtcpReportBlock b : blocks) {
            RtpWriter.writeUint32(out, at, b.ssrc());
            long lost = Math.max(-0x80_0000L, Math.min(0x7F_FFFFL, b.cumulativeLost())) & 0xFF_FFFFL;
            RtpWriter.writeUint32(out, at + 4, ((long) (b.fractionLost() & 0xFF) << 24) | lost);
            RtpWriter.writeUint32(out, at + 8, b.extendedHighestSequence());
            RtpWriter.writeUint32(out, at + 12, b.jitter());
            RtpWriter.writeUint32(out, at + 16, b.lastSenderReport());
            RtpWriter.writeUint32(out, at + 20, b.delaySinceLastSenderReport());
            at += BLOCK_BYTES;
        }
    }

    /** True when the datagram looks like RTCP (RFC 5761 §4 demultiplexing on a shared port). */
    public static boolean looksLikeRtcp(byte[] data, int offset, int length) {
        if (length < 8 || (data[offset] & 0xC0) != 0x80) {
            return false;
        }
        int type = data[offset + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }

    /** The SR and RR packets of a compound RTCP datagram; empty when it is malformed. */
    public static List<RtcpReport> parse(byte[] data, int offset, int length) {
        List<RtcpReport> reports = new ArrayList<>(2);
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            return List.of();
        }
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (end - at < 4 || (data[at] & 0xC0) != 0x80) {
                return List.of();
            }
            int count = data[at] & 0x1F;
            int type = data[at + 1] & 0xFF;
            int bytes = ((((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF)) + 1) * 4;
            if (bytes > end - at) {
                return List.of();
            }
            if (type == SR || type == RR) {
                int fixed = type == SR ? 28 : 8;
                if (fixed + count * BLOCK_BYTES > bytes) {
                    return List.of();
                }
                long ssrc = RtpParser.readUint32(data, at + 4);
                long ntp = 0;
                long rtpTs = 0;
                long packets = 0;
                long octets = 0;
                if (type == SR) {
                    ntp = (RtpParser.readUint32(data, at + 8) << 32) | RtpParser.readUint32(data, at + 12);
                    rtpTs = RtpParser.readUint32(data, at + 16);
                    packets = RtpParser.readUint32(data, at + 20);
                    octets = RtpParser.readUint32(data, at + 24);
                }
                List<RtcpReportBlock> blocks = new ArrayList<>(count);
                for (int i = 0, b = at + fixed; i < count; i++, b += BLOCK_BYTES) {
                    long word = RtpParser.readUint32(data, b + 4);
                    long lost = word & 0xFF_FFFFL;
                    if ((lost & 0x80_0000L) != 0) {
                        lost -= 0x100_0000L;
                    }
                    blocks.add(new RtcpReportBlock(RtpParser.readUint32(data, b), (int) (word >>> 24), lost,
                            RtpParser.readUint32(data, b + 8), RtpParser.readUint32(data, b + 12),
                            RtpParser.readUint32(data, b + 16), RtpParser.readUint32(data, b + 20)));
                }
                reports.add(new RtcpReport(type == SR, ssrc, ntp, rtpTs, packets, octets, List.copyOf(blocks)));
            }
            at += bytes;
        }
        return reports;
    }

    /** Converts a wall-clock time in milliseconds since 1970 to a 64-bit NTP timestamp. */
    public static long ntpTimestamp(long unixMillis) {
        long seconds = unixMillis / 1000 + 2_208_988_800L;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }
}
