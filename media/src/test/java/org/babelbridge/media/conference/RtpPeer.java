package org.babelbridge.media.conference;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.rtp.RtpPacket;
import org.babelbridge.media.rtp.RtpParser;
import org.babelbridge.media.rtp.RtpWriter;

/** A phone's side of a leg in tests: real PCMU RTP over loopback UDP, paced in real time. */
final class RtpPeer implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread receiver;
    private final List<byte[]> received = new ArrayList<>();
    private final List<Integer> sequences = new ArrayList<>();
    private final List<Integer> endedEvents = new ArrayList<>();
    private long lastEndedTimestamp = -1;
    private final RtpWriter writer = new RtpWriter(0x1234_5678L, 100);
    private final PcmuCodec codec = new PcmuCodec();
    private long timestamp = 5_000;
    private volatile boolean running = true;
    private volatile org.babelbridge.media.srtp.RtpProtection protection;

    RtpPeer() throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.socket().setSoTimeout(100);
        receiver = new Thread(this::receiveLoop, "rtp-peer");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Protects what this peer sends and unprotects what it receives (SRTP), dropping what fails. */
    void protectWith(org.babelbridge.media.srtp.RtpProtection newProtection) {
        protection = newProtection;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void receiveLoop() {
        byte[] buffer = new byte[2048];
        java.net.DatagramPacket datagram = new java.net.DatagramPacket(buffer, buffer.length);
        RtpParser parser = new RtpParser();
        RtpPacket packet = new RtpPacket();
        while (running) {
            try {
                channel.socket().receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            int length = datagram.getLength();
            org.babelbridge.media.srtp.RtpProtection srtp = protection;
            if (srtp != null && (length = srtp.unprotectRtp(buffer, length)) < 0) {
                continue;
            }
            if (!parser.parse(buffer, 0, length, packet)) {
                continue;
            }
            if (packet.payloadType() == 101) {
                boolean end = (buffer[packet.payloadOffset() + 1] & 0x80) != 0;
                if (!end || packet.timestamp() == lastEndedTimestamp) {
                    continue;
                }
                lastEndedTimestamp = packet.timestamp();
                synchronized (received) {
                    endedEvents.add(buffer[packet.payloadOffset()] & 0xFF);
                }
            } else if (packet.payloadType() == 0) {
                byte[] payload = java.util.Arrays.copyOfRange(buffer, packet.payloadOffset(),
                        packet.payloadOffset() + packet.payloadLength());
                synchronized (received) {
                    received.add(payload);
                    sequences.add(packet.sequenceNumber());
                }
            }
        }
    }

    /** Sends 8 kHz audio as 20 ms PCMU packets, one every 20 ms. */
    void sendPcmu(short[] pcm8k, SocketAddress to) throws IOException {
        byte[] out = new byte[12 + 160 + org.babelbridge.media.srtp.RtpProtection.MAX_OVERHEAD];
        long start = System.nanoTime();
        for (int frame = 0; frame * 160 < pcm8k.length; frame++) {
            short[] chunk = java.util.Arrays.copyOfRange(pcm8k, frame * 160, frame * 160 + 160);
            codec.encode(chunk, 0, 160, out, 12);
            int length = writer.writeHeader(out, 0, frame == 0, timestamp, 160);
            timestamp += 160;
            org.babelbridge.media.srtp.RtpProtection srtp = protection;
            if (srtp != null) {
                length = srtp.protectRtp(out, length);
            }
            channel.send(ByteBuffer.wrap(out, 0, length), to);
            long next = start + (frame + 1) * 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    void sendRaw(byte[] datagram, SocketAddress to) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), to);
    }

    /** Sends one RFC 4733 event as a real sender does: updates, then three end packets. */
    void sendDigit(int event, SocketAddress to) throws IOException {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            boolean end = i >= 5;
            int duration = Math.min(i + 1, 6) * 160;
            out[12] = (byte) event;
            out[13] = (byte) ((end ? 0x80 : 0) | 10);
            out[14] = (byte) (duration >>> 8);
            out[15] = (byte) duration;
            int length = writer.writeHeader(out, 101, i == 0, timestamp, 4);
            channel.send(ByteBuffer.wrap(out, 0, length), to);
            LockSupport.parkNanos(20_000_000L);
        }
        timestamp += 960;
    }

    /** Everything received so far, decoded to 8 kHz, in sequence order. */
    short[] receivedAudio() {
        List<Integer> order = new ArrayList<>();
        List<byte[]> payloads;
        synchronized (received) {
            payloads = new ArrayList<>(received);
            for (int i = 0; i < payloads.size(); i++) {
                order.add(i);
            }
            List<Integer> seqs = new ArrayList<>(sequences);
            order.sort(Comparator.comparingInt(seqs::get));
        }
        int total = payloads.stream().mapToInt(p -> p.length).sum();
        short[] pcm = new short[total];
        int at = 0;
        for (int i : order) {
            byte[] p = payloads.get(i);
            at += codec.decode(p, 0, p.length, pcm, at);
        }
        return pcm;
    }

    /** RFC 4733 events received (code of each event, once, when it ended). */
    List<Integer> endedEvents() {
        synchronized (received) {
            return List.copyOf(endedEvents);
        }
    }

    int packetsReceived() {
        synchronized (received) {
            return received.size();
        }
    }

    void clear() {
        synchronized (received) {
            received.clear();
            sequences.clear();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
