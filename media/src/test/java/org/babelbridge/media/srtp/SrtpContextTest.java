package org.babelbridge.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SrtpContextTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 3711 Appendix B.3 master key and salt (also libsrtp's test vector key). */
    private static final byte[] MASTER = HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void aesCounterModeKeystreamMatchesRfc3711AppendixB2() {
        AesCounterMode cm = new AesCounterMode(HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C"));
        System.arraycopy(HEX.parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, cm.iv(), 0, 14);
        byte[] keystream = new byte[16 * 0xFF02];
        cm.apply(keystream, 0, keystream.length);
        assertThat(block(keystream, 0)).isEqualToIgnoringCase("E03EAD0935C95E80E166B16DD92B4EB4");
        assertThat(block(keystream, 1)).isEqualToIgnoringCase("D23513162B02D0F72A43A2FE4A5F97AB");
        assertThat(block(keystream, 2)).isEqualToIgnoringCase("41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(block(keystream, 0xFEFF)).isEqualToIgnoringCase("EC8CDF7398607CB0F2D21675EA9EA1E4");
        assertThat(block(keystream, 0xFF00)).isEqualToIgnoringCase("362B7C3C6773516318A077D7FC5073AE");
        assertThat(block(keystream, 0xFF01)).isEqualToIgnoringCase("6A2CC3787889374FBEB4C81B17BA6C44");
    }

    @Test
    void sessionKeysMatchRfc3711AppendixB3() {
        var master = new AesCounterMode(Arrays.copyOf(MASTER, 16));
        byte[] salt = Arrays.copyOfRange(MASTER, 16, 30);
        assertThat(HEX.formatHex(SrtpContext.deriveKey(master, salt, 0, 16)))
                .isEqualToIgnoringCase("C61E7A93744F39EE10734AFE3FF7A087");
        assertThat(HEX.formatHex(SrtpContext.deriveKey(master, salt, 2, 14)))
                .isEqualToIgnoringCase("30CBBC08863D8C85D49DB34A9AE1");
        assertThat(HEX.formatHex(SrtpContext.deriveKey(master, salt, 1, 20)))
                .isEqualToIgnoringCase("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
    }

    @Test
    void protectsThePacketOfLibsrtpsReferenceVector() {
        SrtpContext context = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER);
        byte[] packet = new byte[64];
        byte[] plain = HEX.parseHex("800f1234decafbadcafebabe" + "abababababababababababababababab");
        System.arraycopy(plain, 0, packet, 0, plain.length);
        int length = context.protectRtp(packet, plain.length);
        assertThat(HEX.formatHex(packet, 0, length)).isEqualTo("800f1234decafbadcafebabe"
                + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
    }

    @Test
    void roundTripsRtpAndRtcpForBothSuites() {
        for (SrtpCryptoSuite suite : SrtpCryptoSuite.values()) {
            SrtpContext sender = new SrtpContext(suite, MASTER);
            SrtpContext receiver = new SrtpContext(suite, MASTER);
            byte[] packet = new byte[200];
            for (int seq = 65530; seq < 65530 + 20; seq++) {
                int length = rtp(packet, seq & 0xFFFF, 160);
                int protectedLength = sender.protectRtp(packet, length);
                assertThat(protectedLength).isEqualTo(length + suite.rtpTagLength());
                assertThat(packet[12]).isNotEqualTo((byte) 0x55);
                assertThat(receiver.unprotectRtp(packet, protectedLength)).isEqualTo(length);
                assertThat(packet[12]).isEqualTo((byte) 0x55);
                assertThat(packet[length - 1]).isEqualTo((byte) 0x55);
            }
            byte[] rtcp = new byte[100];
            int rtcpLength = rtcp(rtcp);
            int protectedRtcp = sender.protectRtcp(rtcp, rtcpLength);
            assertThat(protectedRtcp).isEqualTo(rtcpLength + 14);
            assertThat(rtcp[8]).isNotEqualTo((byte) 0x77);
            assertThat(receiver.unprotectRtcp(rtcp, protectedRtcp)).isEqualTo(rtcpLength);
            assertThat(rtcp[8]).isEqualTo((byte) 0x77);
        }
    }

    @Test
    void rolloverCounterFollowsSequenceWrapAndReordering() {
        SrtpContext sender = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER);
        SrtpContext receiver = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER);
        byte[][] packets = new byte[6][200];
        int[] lengths = new int[6];
        int[] sequences = {65533, 65534, 65535, 0, 1, 2};
        for (int i = 0; i < sequences.length; i++) {
            lengths[i] = sender.protectRtp(packets[i], rtp(packets[i], sequences[i], 40));
        }
        // 65533, then 0 (after the wrap) before 65535 and 65534 (late), then the rest.
        for (int i : new int[] {0, 3, 2, 1, 4, 5}) {
            assertThat(receiver.unprotectRtp(packets[i], lengths[i])).as("packet %d", sequences[i]).isEqualTo(52);
        }
    }

    @Test
    void dropsReplaysAndTamperedPacketsWithoutDisturbingTheStream() {
        SrtpSession sender = new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER, MASTER);
        SrtpSession receiver = new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER, MASTER);
        byte[] packet = new byte[200];
        int length = sender.protectRtp(packet, rtp(packet, 100, 160));
        byte[] copy = packet.clone();
        assertThat(receiver.unprotectRtp(packet, length)).isEqualTo(172);
        assertThat(receiver.unprotectRtp(copy.clone(), length)).isEqualTo(SrtpContext.REPLAYED);

        int next = sender.protectRtp(packet, rtp(packet, 101, 160));
        byte[] tampered = packet.clone();
        tampered[next - 1] ^= 1;
        assertThat(receiver.unprotectRtp(tampered, next)).isEqualTo(SrtpContext.AUTHENTICATION_FAILED);
        byte[] flipped = packet.clone();
        flipped[20] ^= 1;
        assertThat(receiver.unprotectRtp(flipped, next)).isEqualTo(SrtpContext.AUTHENTICATION_FAILED);
        assertThat(receiver.unprotectRtp(packet, 5)).isEqualTo(SrtpContext.MALFORMED);
        assertThat(receiver.unprotectRtp(packet, next)).isEqualTo(172);

        SrtpSession wrongKey = new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER, new byte[30]);
        int third = sender.protectRtp(packet, rtp(packet, 102, 160));
        assertThat(wrongKey.unprotectRtp(packet, third)).isEqualTo(SrtpContext.AUTHENTICATION_FAILED);

        SrtpStats stats = receiver.stats();
        assertThat(stats.rtpAuthenticated()).isEqualTo(2);
        assertThat(stats.authenticationFailures()).isEqualTo(2);
        assertThat(stats.replaysDropped()).isEqualTo(1);
        assertThat(stats.malformed()).isEqualTo(1);
        assertThat(sender.stats().rtpProtected()).isEqualTo(3);
    }

    @Test
    void protectingAndUnprotectingAllocatesNothing() {
        SrtpContext sender = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER);
        SrtpContext receiver = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, MASTER);
        byte[] packet = new byte[200];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int seq = round * 5000; seq < round * 5000 + 5000; seq++) {
                int length = sender.protectRtp(packet, rtp(packet, seq, 160));
                receiver.unprotectRtp(packet, length);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated for 5000 packets").isLessThan(5000);
            }
        }
    }

    private static int rtp(byte[] packet, int sequence, int payload) {
        Arrays.fill(packet, (byte) 0);
        packet[0] = (byte) 0x80;
        packet[1] = 0;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        packet[4] = 0x01;
        packet[8] = 0x12;
        packet[11] = 0x34;
        Arrays.fill(packet, 12, 12 + payload, (byte) 0x55);
        return 12 + payload;
    }

    private static int rtcp(byte[] packet) {
        Arrays.fill(packet, (byte) 0);
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        packet[3] = 6;
        packet[7] = 0x34;
        Arrays.fill(packet, 8, 28, (byte) 0x77);
        return 28;
    }

    private static String block(byte[] keystream, int index) {
        return HEX.formatHex(keystream, index * 16, index * 16 + 16);
    }
}
