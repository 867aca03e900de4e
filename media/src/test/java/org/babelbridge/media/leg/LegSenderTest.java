package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.rtp.RtpPacket;
import org.babelbridge.media.rtp.RtpParser;
import org.junit.jupiter.api.Test;

class LegSenderTest {
    private final RtpParser parser = new RtpParser();
    private final RtpPacket packet = new RtpPacket();

    @Test
    void buildsOneCodecFramePerTickWithTimestampsFollowingTheTickIndex() {
        LegSender sender = new LegSender(77, 65_535, 0xFFFF_FF00L);
        sender.configure(new PcmuCodec());
        short[] frame = new short[AudioFormat.FRAME_SAMPLES];

        int length = sender.build(frame, 0);
        assertThat(parser.parse(sender.packet(), 0, length, packet)).isTrue();
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadLength()).isEqualTo(160);
        assertThat(packet.sequenceNumber()).isEqualTo(65_535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFF_FF00L);

        length = sender.build(frame, 3); // two ticks skipped: the timestamp shows the gap
        assertThat(parser.parse(sender.packet(), 0, length, packet)).isTrue();
        assertThat(packet.marker()).isFalse();
        assertThat(packet.sequenceNumber()).isZero();
        assertThat(packet.timestamp()).isEqualTo((0xFFFF_FF00L + 3 * 160) & 0xFFFF_FFFFL);
        assertThat(packet.ssrc()).isEqualTo(77);
    }

    @Test
    void sendsQueuedDtmfAsTelephoneEventsInPlaceOfAudioThenResumesAudio() {
        LegSender sender = new LegSender(1, 0, 1000);
        sender.configure(new PcmuCodec(), 101);
        short[] frame = new short[AudioFormat.FRAME_SAMPLES];

        assertThat(sender.queueDtmf("7", 100)).isTrue();
        StringBuilder kinds = new StringBuilder();
        for (int tick = 0; tick < 12; tick++) {
            int length = sender.build(frame, tick);
            parser.parse(sender.packet(), 0, length, packet);
            if (packet.payloadType() == 101) {
                boolean end = (sender.packet()[packet.payloadOffset() + 1] & 0x80) != 0;
                assertThat(sender.packet()[packet.payloadOffset()]).isEqualTo((byte) 7);
                assertThat(packet.timestamp()).isEqualTo(1000);
                kinds.append(end ? 'E' : (packet.marker() ? 'M' : 'u'));
            } else {
                kinds.append('a');
            }
        }

        assertThat(kinds.toString()).isEqualTo("MuuuEEEaaaaa");
    }

    @Test
    void refusesDtmfWithoutANegotiatedTelephoneEvent() {
        LegSender sender = new LegSender(1, 0, 0);
        sender.configure(new PcmuCodec());

        assertThat(sender.queueDtmf("1", 100)).isFalse();
    }

    @Test
    void encodesTheFrameAtTheCodecRate() {
        LegSender sender = new LegSender(1, 0, 0);
        sender.configure(new PcmuCodec());
        short[] frame = new short[AudioFormat.FRAME_SAMPLES];
        java.util.Arrays.fill(frame, (short) 3000);
        for (int i = 0; i < 5; i++) {
            sender.build(frame, i); // let the resampler's filter fill
        }

        int length = sender.build(frame, 5);
        parser.parse(sender.packet(), 0, length, packet);
        short[] decoded = new short[160];
        new PcmuCodec().decode(sender.packet(), packet.payloadOffset(), packet.payloadLength(), decoded, 0);

        assertThat(decoded[80]).isBetween((short) 2800, (short) 3200);
    }
}
