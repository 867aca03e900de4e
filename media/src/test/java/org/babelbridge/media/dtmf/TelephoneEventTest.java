package org.babelbridge.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TelephoneEventTest {

    @Test
    void parsesTheWireLayoutOfRfc4733() {
        byte[] payload = {0, 0x05, (byte) 0x8a, 0x03, 0x20};
        assertThat(TelephoneEvent.parse(payload, 1, 4)).contains(new TelephoneEvent(5, true, 10, 800));
    }

    @Test
    void ignoresTheReservedBit() {
        assertThat(TelephoneEvent.parse(new byte[] {11, 0x4a, 0x01, 0x40}, 0, 4))
                .contains(new TelephoneEvent(11, false, 10, 320));
    }

    @Test
    void writesWhatItParses() {
        TelephoneEvent event = new TelephoneEvent(15, true, 63, 0xFFFF);
        byte[] out = new byte[4];
        assertThat(event.writeTo(out, 0)).isEqualTo(4);
        assertThat(TelephoneEvent.parse(out, 0, 4)).contains(event);
    }

    @Test
    void returnsEmptyForPayloadsTooShortToHoldAnEvent() {
        assertThat(TelephoneEvent.parse(new byte[3], 0, 3)).isEmpty();
        assertThat(TelephoneEvent.parse(new byte[4], 2, 4)).isEmpty();
        assertThat(TelephoneEvent.parse(new byte[0], 0, 0)).isEmpty();
    }

    @Test
    void rejectsOutOfRangeFieldsWhenBuilding() {
        assertThatThrownBy(() -> new TelephoneEvent(256, false, 10, 0)).hasMessageContaining("event");
        assertThatThrownBy(() -> new TelephoneEvent(1, false, 64, 0)).hasMessageContaining("volume");
        assertThatThrownBy(() -> new TelephoneEvent(1, false, 10, 65536)).hasMessageContaining("duration");
    }

    @Test
    void mapsKeysToEventCodes() {
        assertThat(DtmfKeys.eventFor('0')).isZero();
        assertThat(DtmfKeys.eventFor('*')).isEqualTo(10);
        assertThat(DtmfKeys.eventFor('#')).isEqualTo(11);
        assertThat(DtmfKeys.eventFor('d')).isEqualTo(15);
        assertThat(DtmfKeys.keyFor(9)).isEqualTo('9');
        assertThat(DtmfKeys.keyFor(16)).isEqualTo((char) 0);
        assertThatThrownBy(() -> DtmfKeys.eventFor('x')).hasMessageContaining("'x'");
    }
}
