package org.babelbridge.ari;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test double of the media engine that still moves real RTP: each leg is a UDP socket that counts
 * the packets Asterisk sends and answers every 20 ms with a packet of the leg's own marker byte,
 * so tests can see that each participant's audio reaches the bridge and the bridge's reaches them.
 */
final class UdpParticipantMedia implements ParticipantMedia {

    final Map<Long, UdpLeg> legsByUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    final class UdpLeg implements Leg {
        final long userId;
        final ExternalMediaFormat format;
        final DatagramSocket socket;
        final List<Integer> payloadTypes = new ArrayList<>();
        volatile InetSocketAddress asterisk;
        volatile boolean muted;
        volatile boolean closed;
        volatile int received;
        final ScheduledFuture<?> sender;

        UdpLeg(long userId, ExternalMediaFormat format) throws IOException {
            this.userId = userId;
            this.format = format;
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread rx = new Thread(this::receive, "leg-rx-" + userId);
            rx.setDaemon(true);
            rx.start();
            this.sender = timer.scheduleAtFixedRate(this::send, 20, 20, TimeUnit.MILLISECONDS);
        }

        private void receive() {
            byte[] buf = new byte[2048];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                synchronized (this) {
                    payloadTypes.add(buf[1] & 0x7f);
                    received++;
                }
            }
        }

        private void send() {
            InetSocketAddress to = asterisk;
            if (to == null || closed) {
                return;
            }
            int samples = format.sampleRateHz() / 50;
            byte[] packet = new byte[12 + (format == ExternalMediaFormat.SLIN16 ? samples * 2 : samples)];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) format.payloadType();
            java.util.Arrays.fill(packet, 12, packet.length, (byte) userId);
            try {
                socket.send(new DatagramPacket(packet, packet.length, to));
            } catch (IOException ignored) {
                // peer gone
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void sendTo(InetSocketAddress asteriskRtp) {
            this.asterisk = asteriskRtp;
        }

        @Override
        public void setMuted(boolean muted) {
            this.muted = muted;
        }

        @Override
        public void close() {
            closed = true;
            sender.cancel(false);
            socket.close();
        }
    }

    @Override
    public Leg open(long callId, CallUser user, ExternalMediaFormat format) {
        try {
            UdpLeg leg = new UdpLeg(user.userId(), format);
            legsByUser.put(user.userId(), leg);
            return leg;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        legsByUser.values().forEach(UdpLeg::close);
        timer.shutdownNow();
    }
}
