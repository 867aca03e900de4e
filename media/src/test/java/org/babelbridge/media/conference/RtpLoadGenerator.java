package org.babelbridge.media.conference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.rtp.RtpWriter;
import org.babelbridge.media.wav.WavReader;

/**
 * The phones of {@link CapacityBench}, in a process of their own: plays a recorded prompt as PCMU
 * RTP into many engine ports every 20 ms from a few UDP sockets and drains what comes back.
 *
 * <p>Protocol on stdin: one destination port on 127.0.0.1 per line, then {@code go}; it sends until
 * stdin says {@code stop} or closes, then prints {@code sent <n> received <n>} and exits. Legs are
 * spread over the 20 ms period in {@value #PHASES} groups, as real phones' packet clocks are not
 * aligned with each other or with the bridge.
 *
 * <p>Run by the bench: {@code java -cp <test classpath> org.babelbridge.media.conference.RtpLoadGenerator
 * <prompt.wav> [sockets]}.
 */
public final class RtpLoadGenerator {
    private static final int PHASES = 10;
    private static final long FRAME_NS = 20_000_000L;

    private RtpLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        short[] prompt = WavReader.read(Path.of(args[0])).samples();
        int socketCount = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        byte[] promptPcmu = new byte[prompt.length - prompt.length % 160];
        new PcmuCodec().encode(prompt, 0, promptPcmu.length, promptPcmu, 0);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.equals("go"); line = in.readLine()) {
            targets.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(line.trim())));
        }
        DatagramChannel[] sockets = new DatagramChannel[socketCount];
        AtomicLong received = new AtomicLong();
        List<Thread> drains = new ArrayList<>();
        for (int s = 0; s < socketCount; s++) {
            DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            sockets[s] = socket;
            Thread drain = new Thread(() -> drain(socket, received), "drain-" + s);
            drain.setDaemon(true);
            drain.start();
            drains.add(drain);
        }
        Sender sender = new Sender(targets, sockets, promptPcmu);
        Thread sending = new Thread(sender, "sender");
        sending.setPriority(Thread.MAX_PRIORITY);
        sending.start();
        for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
            // wait for the bench to finish
        }
        sender.running = false;
        sending.join(2000);
        for (DatagramChannel socket : sockets) {
            socket.close();
        }
        System.out.println("sent " + sender.sent + " received " + received.get() + " failed " + sender.failed);
        System.out.flush();
    }

    private static void drain(DatagramChannel socket, AtomicLong received) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (true) {
            buffer.clear();
            try {
                if (socket.receive(buffer) != null) {
                    received.incrementAndGet();
                }
            } catch (IOException e) {
                return; // closed at the end of the run
            }
        }
    }

    private static final class Sender implements Runnable {
        private final List<InetSocketAddress> targets;
        private final DatagramChannel[] sockets;
        private final RtpWriter[] writers;
        private final byte[] prompt;
        volatile boolean running = true;
        volatile long sent;
        volatile long failed;

        Sender(List<InetSocketAddress> targets, DatagramChannel[] sockets, byte[] prompt) {
            this.targets = targets;
            this.sockets = sockets;
            this.prompt = prompt;
            this.writers = new RtpWriter[targets.size()];
            for (int i = 0; i < writers.length; i++) {
                writers[i] = new RtpWriter(1000 + i, i);
            }
        }

        @Override
        public void run() {
            byte[] packet = new byte[12 + 160];
            ByteBuffer out = ByteBuffer.wrap(packet);
            int legs = targets.size();
            long start = System.nanoTime();
            long slot = 0;
            while (running) {
                long frame = slot / PHASES;
                int phase = (int) (slot % PHASES);
                // Each leg plays the prompt from its own point, so a call's four speakers overlap like talkers.
                for (int i = phase; i < legs; i += PHASES) {
                    int offset = (int) ((frame * 160 + i * 1_600L) % prompt.length);
                    offset -= offset % 160;
                    System.arraycopy(prompt, offset, packet, 12, 160);
                    writers[i].writeHeader(packet, 0, frame == 0, frame * 160, 160);
                    out.clear();
                    try {
                        sockets[i % sockets.length].send(out, targets.get(i));
                        sent++;
                    } catch (IOException e) {
                        failed++;
                    }
                }
                slot++;
                long next = start + slot * (FRAME_NS / PHASES);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }
}
