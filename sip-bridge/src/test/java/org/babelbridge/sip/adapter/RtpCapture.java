package org.babelbridge.sip.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.codec.Codecs;

/**
 * A packet capture of the RTP on the loopback interface to and from a port range (tcpdump), read
 * back as timestamped packets with their decoded level, so latencies are measured on the wire rather
 * than inside the bridge.
 */
final class RtpCapture implements AutoCloseable {

    /** One captured RTP packet: capture time, ports, and the level of its decoded audio. */
    record Packet(long timeMicros, int sourcePort, int destinationPort, int payloadType, double levelDbfs) {
    }

    private final Process tcpdump;
    private final Path file;

    private RtpCapture(Process tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** True when tcpdump is installed and may capture on loopback (root or capabilities). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("tcpdump", "-D").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("lo");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts capturing UDP on loopback to or from ports {@code min..max} into {@code file}. */
    static RtpCapture start(Path file, int min, int max) throws IOException, InterruptedException {
        Path log = file.resolveSibling(file.getFileName() + ".log");
        Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-n", "-s", "256", "-w", file.toString(),
                "udp and portrange " + min + "-" + max).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()
                && !(Files.exists(log) && Files.readString(log).contains("listening on"))) {
            Thread.sleep(50);
        }
        if (!p.isAlive()) {
            throw new IOException("tcpdump stopped: " + Files.readString(log));
        }
        return new RtpCapture(p, file);
    }

    /** Stops the capture and reads every RTP packet in it. */
    List<Packet> stopAndRead() throws IOException, InterruptedException {
        close();
        return read(Files.readAllBytes(file));
    }

    @Override
    public void close() throws InterruptedException {
        if (tcpdump.isAlive()) {
            tcpdump.destroy();
            if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
                tcpdump.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Parses a classic pcap file (Ethernet, Linux cooked v1 or v2 framing) of IPv4 UDP carrying RTP. */
    static List<Packet> read(byte[] pcap) {
        List<Packet> packets = new ArrayList<>();
        if (pcap.length < 24) {
            return packets;
        }
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        ByteOrder order = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        in.order(order);
        boolean nanos = in.getInt(0) == 0xa1b23c4d;
        int linkType = in.getInt(20);
        int linkHeader = switch (linkType) {
            case 1 -> 14;   // Ethernet (Linux loopback)
            case 113 -> 16; // Linux cooked
            case 276 -> 20; // Linux cooked v2
            case 0 -> 4;    // BSD loopback
            default -> -1;
        };
        if (linkHeader < 0) {
            throw new IllegalArgumentException("unsupported pcap link type " + linkType);
        }
        short[] pcm = new short[2048];
        int at = 24;
        while (at + 16 <= pcap.length) {
            long seconds = in.getInt(at) & 0xffffffffL;
            long fraction = in.getInt(at + 4) & 0xffffffffL;
            int captured = in.getInt(at + 8);
            int packet = at + 16;
            at = packet + captured;
            if (captured < 0 || at > pcap.length) {
                break;
            }
            int ip = packet + linkHeader;
            if (ip + 20 > at || (pcap[ip] >> 4 & 0xf) != 4 || pcap[ip + 9] != 17) {
                continue;
            }
            int udp = ip + (pcap[ip] & 0xf) * 4;
            int rtp = udp + 8;
            if (rtp + 12 > at || (pcap[rtp] & 0xc0) != 0x80) {
                continue;
            }
            int sourcePort = (pcap[udp] & 0xff) << 8 | pcap[udp + 1] & 0xff;
            int destinationPort = (pcap[udp + 2] & 0xff) << 8 | pcap[udp + 3] & 0xff;
            int payloadType = pcap[rtp + 1] & 0x7f;
            int payload = rtp + 12 + (pcap[rtp] & 0x0f) * 4;
            double level = Double.NEGATIVE_INFINITY;
            AudioCodec codec = Codecs.byPayloadType(payloadType).orElse(null);
            if (codec != null && payload < at) {
                int samples = codec.decode(pcap, payload, Math.min(at - payload, 1024), pcm, 0);
                level = levelDbfs(pcm, samples);
            }
            long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
            packets.add(new Packet(micros, sourcePort, destinationPort, payloadType, level));
        }
        return packets;
    }

    private static double levelDbfs(short[] pcm, int samples) {
        if (samples <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        double rms = Math.sqrt(sum / samples);
        return rms <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / 32768);
    }
}
