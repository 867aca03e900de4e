package org.babelbridge.server.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.codec.Codecs;
import org.babelbridge.media.rtp.RtpPacket;
import org.babelbridge.media.rtp.RtpParser;
import org.babelbridge.media.rtp.RtpWriter;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavWriter;

/**
 * A phone simulated over loopback UDP: sends a script of 8 kHz PCM as 20 ms PCMU RTP packets paced by
 * the wall clock (silence after the script ends, as a phone keeps sending), and decodes what the bridge
 * sends back into a timeline placed by arrival time, so gaps stay gaps. One sender and one receiver
 * thread; the heard timeline and counters may be read after {@link #stop()}.
 */
public final class SimulatedPhone implements AutoCloseable {

    public static final int SAMPLE_RATE_HZ = 8000;
    private static final int FRAME_SAMPLES = 160;
    private static final long FRAME_NANOS = 20_000_000L;

    private final String name;
    private final short[] script;
    private final DatagramSocket socket;
    private final short[] heard;
    private final AudioCodec encoder = Codecs.create("PCMU");
    private final AudioCodec decoder = Codecs.create("PCMU");
    private volatile boolean running;
    private volatile long startNanos;
    private volatile long packetsReceived;
    private volatile long packetsSent;
    private final long[] loudArrivals;
    private volatile int loudCount;
    private Thread sender;
    private Thread receiver;

    /**
     * @param script     what this phone says, 8 kHz PCM (owned by the phone from now on)
     * @param maxSeconds length of the heard timeline kept
     */
    public SimulatedPhone(String name, short[] script, int maxSeconds) throws IOException {
        this.name = name;
        this.script = script;
        this.heard = new short[maxSeconds * SAMPLE_RATE_HZ];
        this.loudArrivals = new long[maxSeconds * 50];
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout(100);
    }

    public String name() {
        return name;
    }

    /** The local RTP port the bridge should send to. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Starts sending to {@code bridge} and receiving; time zero of the heard timeline is now. */
    public void start(InetSocketAddress bridge) {
        running = true;
        startNanos = System.nanoTime();
        sender = new Thread(() -> send(bridge), "phone-" + name + "-send");
        receiver = new Thread(this::receive, "phone-" + name + "-receive");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        receiver.start();
        sender.start();
    }

    /** The nanoTime at which the timeline starts. */
    public long startNanos() {
        return startNanos;
    }

    /** nanoTime of arrival of the first loud (above -30 dBFS) packet at or after {@code nanoTime}, or -1. */
    public long firstLoudAfter(long nanoTime) {
        int n = loudCount;
        for (int i = 0; i < n; i++) {
            if (loudArrivals[i] >= nanoTime) {
                return loudArrivals[i];
            }
        }
        return -1;
    }

    private void send(InetSocketAddress bridge) {
        RtpWriter writer = new RtpWriter(ThreadLocalRandom.current().nextInt() & 0xffffffffL,
                ThreadLocalRandom.current().nextInt(65536));
        byte[] datagram = new byte[RtpPacket.FIXED_HEADER_BYTES + FRAME_SAMPLES];
        short[] frame = new short[FRAME_SAMPLES];
        DatagramPacket packet = new DatagramPacket(datagram, datagram.length, bridge);
        long timestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
        for (long n = 0; running; n++) {
            long due = startNanos + n * FRAME_NANOS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int from = (int) (n * FRAME_SAMPLES);
            Arrays.fill(frame, (short) 0);
            if (from < script.length) {
                System.arraycopy(script, from, frame, 0, Math.min(FRAME_SAMPLES, script.length - from));
            }
            int bytes = encoder.encode(frame, 0, FRAME_SAMPLES, datagram, RtpPacket.FIXED_HEADER_BYTES);
            int length = writer.writeHeader(datagram, encoder.payloadType(), n == 0, timestamp, bytes);
            timestamp = (timestamp + FRAME_SAMPLES) & 0xffffffffL;
            packet.setLength(length);
            try {
                socket.send(packet);
                packetsSent++;
            } catch (IOException e) {
                if (running) {
                    return;
                }
            }
        }
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        RtpParser parser = new RtpParser();
        RtpPacket rtp = new RtpPacket();
        short[] pcm = new short[1024];
        int cursor = 0;
        double loudThreshold = 32768 * Math.pow(10, -30 / 20.0);
        while (running) {
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (!parser.parse(buffer, 0, datagram.getLength(), rtp) || rtp.payloadType() != decoder.payloadType()) {
                continue;
            }
            packetsReceived++;
            int samples = decoder.decode(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), pcm, 0);
            // Placed by arrival time; a packet arriving within a frame of the previous one continues it.
            int arrival = (int) ((now - startNanos) * SAMPLE_RATE_HZ / 1_000_000_000L) - samples;
            if (Math.abs(arrival - cursor) > FRAME_SAMPLES * 3) {
                cursor = Math.max(0, arrival);
            }
            int n = Math.max(0, Math.min(samples, heard.length - cursor));
            System.arraycopy(pcm, 0, heard, cursor, n);
            cursor += n;
            int loud = loudCount;
            if (loud < loudArrivals.length && rms(pcm, samples) > loudThreshold) {
                loudArrivals[loud] = now;
                loudCount = loud + 1;
            }
        }
    }

    private static double rms(short[] pcm, int samples) {
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return samples == 0 ? 0 : Math.sqrt(sum / samples);
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long packetsSent() {
        return packetsSent;
    }

    /** Stops both threads and waits for them. */
    public void stop() throws InterruptedException {
        running = false;
        if (sender != null) {
            sender.join(2000);
        }
        if (receiver != null) {
            receiver.join(2000);
        }
    }

    /** Writes the first {@code seconds} of what this phone heard as 8 kHz PCM16 WAV. Call after {@link #stop()}. */
    public void writeHeard(Path wav, double seconds) throws IOException {
        int samples = (int) Math.min(heard.length, Math.round(seconds * SAMPLE_RATE_HZ));
        WavWriter.write(wav, Arrays.copyOf(heard, samples), SAMPLE_RATE_HZ, WavEncoding.PCM16);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        socket.close();
    }
}
