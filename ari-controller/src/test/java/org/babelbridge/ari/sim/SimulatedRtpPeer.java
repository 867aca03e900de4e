package org.babelbridge.ari.sim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asterisk's side of one externalMedia channel: a UDP socket that sends the phone's voice as RTP
 * to the bridge every 20 ms (silence when the person is not speaking, as a mixing bridge does) and
 * records every RTP packet the bridge sends back. Payload type is static: 0 for ulaw, 118 for
 * slin16 (big-endian, 16 kHz), as Asterisk's RTP engine maps them.
 */
public final class SimulatedRtpPeer implements AutoCloseable {

    public record Packet(int payloadType, long ssrc, int sequence, long timestamp, byte[] payload) {
    }

    private final String format;
    private final InetSocketAddress bridge;
    private final DatagramSocket socket;
    private final List<Packet> received = new ArrayList<>();
    private final ScheduledFuture<?> clock;
    private final Thread receiver;

    private short[] speech = new short[0];
    private int speechPos;
    private long ssrc = 0x5EED0001L;
    private int sequence = 1000;
    private long timestamp = 16000;
    private int sent;
    private boolean marker = true;
    private volatile boolean closed;

    SimulatedRtpPeer(String format, InetSocketAddress bridge, ScheduledExecutorService timer) throws IOException {
        if (!format.equals("ulaw") && !format.equals("slin16")) {
            throw new IllegalArgumentException("simulated externalMedia supports ulaw and slin16, not " + format);
        }
        this.format = format;
        this.bridge = bridge;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = new Thread(this::receiveLoop, "sim-rtp-rx-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
        this.clock = timer.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public String format() {
        return format;
    }

    public int sampleRateHz() {
        return format.equals("slin16") ? 16000 : 8000;
    }

    public int payloadType() {
        return format.equals("slin16") ? 118 : 0;
    }

    /** Queues what the phone's person says, at {@link #sampleRateHz()}. */
    public synchronized void say(short[] pcm) {
        short[] rest = new short[speech.length - speechPos + pcm.length];
        System.arraycopy(speech, speechPos, rest, 0, speech.length - speechPos);
        System.arraycopy(pcm, 0, rest, speech.length - speechPos, pcm.length);
        speech = rest;
        speechPos = 0;
    }

    /** Asterisk changes the SSRC of an externalMedia stream on re-bridging or masquerade; so does this. */
    public synchronized void changeSsrc() {
        ssrc = (ssrc * 31 + 7) & 0xffffffffL;
        marker = true;
    }

    public synchronized boolean speaking() {
        return speechPos < speech.length;
    }

    public synchronized int packetsSent() {
        return sent;
    }

    public synchronized List<Packet> received() {
        return new ArrayList<>(received);
    }

    /** The audio the bridge sent back, decoded to PCM at {@link #sampleRateHz()}, in arrival order. */
    public synchronized short[] receivedPcm() {
        int total = 0;
        for (Packet p : received) {
            total += samplesIn(p.payload().length);
        }
        short[] out = new short[total];
        int pos = 0;
        for (Packet p : received) {
            byte[] b = p.payload();
            if (format.equals("slin16")) {
                for (int i = 0; i + 1 < b.length; i += 2) {
                    out[pos++] = (short) ((b[i] << 8) | (b[i + 1] & 0xff));
                }
            } else {
                for (byte value : b) {
                    out[pos++] = G711.ulawToLinear(value);
                }
            }
        }
        return out;
    }

    private int samplesIn(int bytes) {
        return format.equals("slin16") ? bytes / 2 : bytes;
    }

    private void tick() {
        if (closed) {
            return;
        }
        int samples = sampleRateHz() / 50;
        byte[] packet = new byte[12 + (format.equals("slin16") ? samples * 2 : samples)];
        synchronized (this) {
            packet[0] = (byte) 0x80;
            packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType());
            marker = false;
            packet[2] = (byte) (sequence >> 8);
            packet[3] = (byte) sequence;
            for (int i = 0; i < 4; i++) {
                packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
                packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
            }
            for (int i = 0; i < samples; i++) {
                short s = speechPos < speech.length ? speech[speechPos++] : 0;
                if (format.equals("slin16")) {
                    packet[12 + 2 * i] = (byte) (s >> 8);
                    packet[13 + 2 * i] = (byte) s;
                } else {
                    packet[12 + i] = G711.linearToUlaw(s);
                }
            }
            sequence = (sequence + 1) & 0xffff;
            // RTP clock of slin16 is 16 kHz; of ulaw 8 kHz.
            timestamp = (timestamp + samples) & 0xffffffffL;
            sent++;
        }
        try {
            socket.send(new DatagramPacket(packet, packet.length, bridge));
        } catch (IOException e) {
            // the bridge's port may be closed already at hang-up; Asterisk ignores ICMP errors too
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!closed) {
            DatagramPacket dp = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(dp);
            } catch (IOException e) {
                return;
            }
            if (dp.getLength() < 12 || (buf[0] & 0xc0) != 0x80) {
                continue;
            }
            int pt = buf[1] & 0x7f;
            int seq = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
            long ts = ((buf[4] & 0xffL) << 24) | ((buf[5] & 0xffL) << 16) | ((buf[6] & 0xffL) << 8) | (buf[7] & 0xffL);
            long ss = ((buf[8] & 0xffL) << 24) | ((buf[9] & 0xffL) << 16) | ((buf[10] & 0xffL) << 8) | (buf[11] & 0xffL);
            int headerLength = 12 + 4 * (buf[0] & 0x0f);
            if (headerLength > dp.getLength()) {
                continue;
            }
            byte[] payload = new byte[dp.getLength() - headerLength];
            System.arraycopy(buf, headerLength, payload, 0, payload.length);
            synchronized (this) {
                received.add(new Packet(pt, ss, seq, ts, payload));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        clock.cancel(false);
        socket.close();
    }
}
