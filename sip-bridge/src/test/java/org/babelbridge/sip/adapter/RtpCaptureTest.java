package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.codec.Codecs;
import org.junit.jupiter.api.Test;

/** The capture reader and the on-the-wire latency rule, on a pcap built here. */
class RtpCaptureTest {

    private static final int SPEAKER = 5000;
    private static final int LISTENER = 6000;
    private static final int BRIDGE_SPEAKER_LEG = 43000;
    private static final int BRIDGE_LISTENER_LEG = 43002;

    @Test
    void readsLevelsAndPortsOfRtpInAnEthernetCapture() {
        Pcap pcap = new Pcap();
        pcap.add(1_000, SPEAKER, BRIDGE_SPEAKER_LEG, true);
        pcap.add(21_000, BRIDGE_LISTENER_LEG, LISTENER, false);
        List<RtpCapture.Packet> packets = RtpCapture.read(pcap.bytes());
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).timeMicros()).isEqualTo(1_000);
        assertThat(packets.get(0).sourcePort()).isEqualTo(SPEAKER);
        assertThat(packets.get(0).destinationPort()).isEqualTo(BRIDGE_SPEAKER_LEG);
        assertThat(packets.get(0).levelDbfs()).isGreaterThan(-20);
        assertThat(packets.get(1).levelDbfs()).isLessThan(-60);
    }

    @Test
    void measuresFromTheLastLoudSpeakerPacketToTheFirstLoudPacketToTheListenerAfterIt() {
        Pcap pcap = new Pcap();
        for (long t = 0; t < 3_000_000; t += 20_000) {
            boolean speaking = t < 1_000_000 || (t >= 2_600_000 && t < 2_800_000);
            pcap.add(t, SPEAKER, BRIDGE_SPEAKER_LEG, speaking);
            // the ducked original right behind the speech, then the dubbing from 1.78 s until the next utterance
            boolean heard = t < 1_060_000 || (t >= 1_780_000 && t < 1_900_000);
            pcap.add(t + 1_000, BRIDGE_LISTENER_LEG, LISTENER, heard);
            pcap.add(t + 2_000, BRIDGE_SPEAKER_LEG, SPEAKER, false);
        }
        // the second utterance is never dubbed
        List<Long> latencies = DubbedAudioOnTheWireTest.latenciesMs(RtpCapture.read(pcap.bytes()), 43000, 43099);
        assertThat(latencies).containsExactly(801L, -1L);
    }

    @Test
    void anEmptyOrTruncatedCaptureHasNoPackets() {
        assertThat(RtpCapture.read(new byte[0])).isEmpty();
        byte[] truncated = new Pcap().add(0, SPEAKER, BRIDGE_SPEAKER_LEG, true).bytes();
        assertThat(RtpCapture.read(java.util.Arrays.copyOf(truncated, truncated.length - 10))).isEmpty();
    }

    /** A classic little-endian pcap with Ethernet framing, IPv4, UDP and PCMU RTP. */
    private static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final AudioCodec pcmu = Codecs.create("PCMU");

        Pcap() {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.writeBytes(header.array());
        }

        Pcap add(long micros, int sourcePort, int destinationPort, boolean loud) {
            short[] pcm = new short[160];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = loud ? (short) (12000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)) : 0;
            }
            byte[] payload = new byte[160];
            pcmu.encode(pcm, 0, 160, payload, 0);
            ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 8 + 12 + 160).order(ByteOrder.BIG_ENDIAN);
            frame.put(new byte[12]).putShort((short) 0x0800);
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 12 + 160)).putInt(0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
            frame.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + 12 + 160))
                    .putShort((short) 0);
            frame.put((byte) 0x80).put((byte) 0).putShort((short) 1).putInt(0).putInt(1234);
            frame.put(payload);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(frame.capacity()).putInt(frame.capacity());
            out.writeBytes(record.array());
            out.writeBytes(frame.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
