package org.babelbridge.media.srtp;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU time and allocation per 20 ms PCMU packet (172 bytes of RTP) of SRTP protect and
 * unprotect ({@code AES_CM_128_HMAC_SHA1_80}): the cost SRTP adds to each leg, each way, per frame.
 * Run: {@code java -cp media/target/benchmarks.jar org.babelbridge.media.srtp.SrtpCpuTimePerPacket}
 */
public final class SrtpCpuTimePerPacket {
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 500_000;
    private static volatile long sink;

    private SrtpCpuTimePerPacket() {
    }

    public static void main(String[] args) {
        byte[] key = new byte[SrtpCryptoSuite.MASTER_KEY_AND_SALT_LENGTH];
        Arrays.fill(key, (byte) 7);
        SrtpContext sender = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtpContext receiver = new SrtpContext(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[] packet = new byte[200];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        run(sender, receiver, packet, 0, WARMUP);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        long protectNs = run(sender, receiver, packet, WARMUP, MEASURED);
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
        System.out.printf("SRTP AES_CM_128_HMAC_SHA1_80, 160-byte payload: protect + unprotect %.0f ns CPU per packet "
                        + "(protect alone ≈ %.0f ns wall), %.2f bytes allocated per packet%n",
                (double) cpu / MEASURED, (double) protectNs / MEASURED, (double) bytes / MEASURED);
    }

    private static long run(SrtpContext sender, SrtpContext receiver, byte[] packet, int from, int count) {
        long protectNs = 0;
        for (int i = from; i < from + count; i++) {
            packet[0] = (byte) 0x80;
            packet[1] = 0;
            packet[2] = (byte) (i >>> 8);
            packet[3] = (byte) i;
            packet[11] = 1;
            long t0 = System.nanoTime();
            int length = sender.protectRtp(packet, 172);
            protectNs += System.nanoTime() - t0;
            sink += receiver.unprotectRtp(packet, length);
        }
        return protectNs;
    }
}
