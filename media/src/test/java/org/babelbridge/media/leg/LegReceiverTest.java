package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.jitter.JitterBuffer;
import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.rtp.RtpWriter;
import org.junit.jupiter.api.Test;

class LegReceiverTest {
    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.0.1", 30_000);
    private final LegReceiver receiver = new LegReceiver(JitterBufferConfig.of(20, 200), 3);
    private final PcmuCodec codec = new PcmuCodec();
    private final List<Character> digits = new ArrayList<>();
    private final short[] frame = new short[AudioFormat.FRAME_SAMPLES];
    private long now = 1_000_000_000L;

    private byte[] pcmuPacket(RtpWriter writer, long timestamp, int level) {
        short[] pcm = new short[160];
        java.util.Arrays.fill(pcm, (short) level);
        byte[] out = new byte[172];
        codec.encode(pcm, 0, 160, out, 12);
        writer.writeHeader(out, 0, false, timestamp, 160);
        return out;
    }

    private void deliver(byte[] datagram) {
        receiver.onDatagram(datagram, datagram.length, PHONE, now, (key, ms, ts) -> digits.add(key));
    }

    @Test
    void decodesAndResamplesIntoTheJitterBuffer() {
        receiver.configure(new PcmuCodec(), 101, null);
        RtpWriter writer = new RtpWriter(9, 1);
        int levelAfterSettling = 0;
        for (int k = 0; k < 10; k++) {
            deliver(pcmuPacket(writer, 160L * k, 4000));
            assertThat(receiver.pull(frame)).isEqualTo(JitterBuffer.Frame.AUDIO);
            levelAfterSettling = frame[AudioFormat.FRAME_SAMPLES / 2];
            now += 20_000_000L;
        }

        assertThat(levelAfterSettling).isBetween(3800, 4200);
        assertThat(receiver.rtpStats().received()).isEqualTo(10);
        assertThat(receiver.remote()).isEqualTo(PHONE);
    }

    @Test
    void dropsAndCountsWhatIsNotTheNegotiatedAudio() {
        receiver.configure(new PcmuCodec(), 101, null);
        RtpWriter writer = new RtpWriter(9, 1);
        byte[] wrongType = pcmuPacket(writer, 0, 100);
        wrongType[1] = 8;
        byte[] comfortNoise = pcmuPacket(writer, 160, 100);
        comfortNoise[1] = 13;
        byte[] truncated = java.util.Arrays.copyOf(pcmuPacket(writer, 320, 100), 11);
        byte[] rtcp = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};

        for (byte[] d : new byte[][] {wrongType, comfortNoise, truncated, rtcp}) {
            deliver(d);
        }

        assertThat(receiver.unknownPayload()).isEqualTo(1);
        assertThat(receiver.comfortNoise()).isEqualTo(1);
        assertThat(receiver.parser().rejectedTotal()).isEqualTo(1);
        assertThat(receiver.rtcpPackets()).isEqualTo(1);
        assertThat(receiver.pull(frame)).isEqualTo(JitterBuffer.Frame.SILENCE);
    }

    @Test
    void ignoresEverythingBeforeItIsConfigured() {
        deliver(pcmuPacket(new RtpWriter(9, 1), 0, 100));

        assertThat(receiver.configured()).isFalse();
        assertThat(receiver.remote()).isNull();
        assertThat(receiver.pull(frame)).isEqualTo(JitterBuffer.Frame.SILENCE);
    }

    @Test
    void aNewSsrcRestartsTheStream() {
        receiver.configure(new PcmuCodec(), 101, null);
        deliver(pcmuPacket(new RtpWriter(1, 100), 1_000_000, 1000));
        receiver.pull(frame);
        now += 20_000_000L;

        deliver(pcmuPacket(new RtpWriter(2, 7), 5, 2000));

        assertThat(receiver.rtpStats().ssrc()).isEqualTo(2);
        assertThat(receiver.rtpStats().ssrcChanges()).isEqualTo(1);
        assertThat(receiver.pull(frame)).isEqualTo(JitterBuffer.Frame.AUDIO);
    }

    @Test
    void passesTelephoneEventsToTheDtmfListener() {
        receiver.configure(new PcmuCodec(), 101, null);
        RtpWriter writer = new RtpWriter(5, 1);
        byte[] packet = new byte[16];
        packet[12] = 9;
        packet[13] = (byte) 0x80;
        packet[15] = (byte) 160;
        writer.writeHeader(packet, 101, true, 400, 4);

        deliver(packet);

        assertThat(digits).containsExactly('9');
    }
}
