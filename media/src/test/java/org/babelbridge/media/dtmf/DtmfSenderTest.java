package org.babelbridge.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfSenderTest {

    record Packet(boolean marker, long timestamp, TelephoneEvent event) {
    }

    @Test
    void sendsMarkerThenGrowingDurationsThenThreeEndPacketsAllWithTheStartTimestamp() {
        DtmfSender sender = DtmfSender.standard();
        sender.send("7", 100);
        List<Packet> packets = run(sender, 1000, 20);
        assertThat(packets).containsExactly(
                new Packet(true, 1000, new TelephoneEvent(7, false, 10, 160)),
                new Packet(false, 1000, new TelephoneEvent(7, false, 10, 320)),
                new Packet(false, 1000, new TelephoneEvent(7, false, 10, 480)),
                new Packet(false, 1000, new TelephoneEvent(7, false, 10, 640)),
                new Packet(false, 1000, new TelephoneEvent(7, true, 10, 800)),
                new Packet(false, 1000, new TelephoneEvent(7, true, 10, 800)),
                new Packet(false, 1000, new TelephoneEvent(7, true, 10, 800)));
        assertThat(sender.busy()).isFalse();
    }

    @Test
    void pausesBetweenKeysAndStartsEachKeyAtItsOwnTimestamp() {
        DtmfSender sender = DtmfSender.standard();
        sender.send("1#", 60);
        byte[] out = new byte[4];
        List<Long> starts = new ArrayList<>();
        int silentTicksBetween = 0;
        long timestamp = 0;
        for (int tick = 0; tick < 30; tick++, timestamp += 160) {
            int length = sender.tick(timestamp, out, 0);
            if (length == 0) {
                if (starts.size() == 1) {
                    silentTicksBetween++;
                }
                continue;
            }
            if (sender.lastPacketMarker()) {
                starts.add(sender.lastPacketTimestamp());
            }
        }
        assertThat(starts).hasSize(2);
        assertThat(silentTicksBetween).isEqualTo(3);
        // "1": 3 ticks of tone (the last one the first end), 2 more ends, 3 ticks of gap.
        assertThat(starts.get(1) - starts.get(0)).isEqualTo(8 * 160);
    }

    @Test
    void roundTripsThroughTheTrackerAsTheSameKeys() {
        DtmfSender sender = DtmfSender.standard();
        sender.send("0123456789*#ABCD", 80);
        StringBuilder keys = new StringBuilder();
        DtmfEventTracker tracker = new DtmfEventTracker();
        DtmfListener listener = (key, durationMs, ts) -> keys.append(key);
        byte[] out = new byte[4];
        long timestamp = 123_456;
        for (int tick = 0; tick < 400; tick++, timestamp += 160) {
            int length = sender.tick(timestamp, out, 0);
            if (length > 0) {
                tracker.onPacket(sender.lastPacketTimestamp(), out, 0, length, listener);
            }
        }
        assertThat(keys).hasToString("0123456789*#ABCD");
    }

    @Test
    void capsTheDurationAtTheSixteenBitField() {
        DtmfSender sender = DtmfSender.standard();
        sender.send("5", 20_000);
        List<Packet> packets = run(sender, 0, 600);
        assertThat(packets.get(packets.size() - 1).event().duration()).isEqualTo(0xFFFF);
        assertThat(packets.stream().filter(p -> p.event().end()).count()).isEqualTo(3);
    }

    @Test
    void rejectsNonKeysAndAFullQueue() {
        DtmfSender sender = DtmfSender.standard();
        assertThatThrownBy(() -> sender.send("12x", 100)).hasMessageContaining("'x'");
        assertThat(sender.busy()).isFalse();
        assertThatThrownBy(() -> sender.send("1".repeat(65), 100)).isInstanceOf(IllegalStateException.class);
    }

    private static List<Packet> run(DtmfSender sender, long firstTimestamp, int ticks) {
        List<Packet> packets = new ArrayList<>();
        byte[] out = new byte[4];
        long timestamp = firstTimestamp;
        for (int tick = 0; tick < ticks; tick++, timestamp += 160) {
            int length = sender.tick(timestamp, out, 0);
            if (length > 0) {
                packets.add(new Packet(sender.lastPacketMarker(), sender.lastPacketTimestamp(),
                        TelephoneEvent.parse(out, 0, length).orElseThrow()));
            }
        }
        return packets;
    }
}
