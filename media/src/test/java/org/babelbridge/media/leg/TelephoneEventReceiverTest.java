package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventReceiverTest {
    private final TelephoneEventReceiver receiver = new TelephoneEventReceiver();
    private final List<String> digits = new ArrayList<>();

    private void event(int event, boolean end, int duration, long timestamp) {
        byte[] p = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >>> 8), (byte) duration};
        receiver.onPayload(p, 0, 4, timestamp, 8000, (d, ms) -> digits.add(d + "/" + ms));
    }

    @Test
    void reportsEachEventOnceDespiteTheThreeEndPackets() {
        event(1, false, 160, 1000);
        event(1, false, 320, 1000);
        event(1, true, 800, 1000);
        event(1, true, 800, 1000);
        event(1, true, 800, 1000);

        assertThat(digits).containsExactly("1/100");
    }

    @Test
    void reportsAnEventWhoseEndPacketsWereLostWhenTheNextBegins() {
        event(10, false, 160, 1000);
        event(10, false, 480, 1000);
        event(11, false, 160, 3000);
        event(11, true, 640, 3000);

        assertThat(digits).containsExactly("*/60", "#/80");
    }

    @Test
    void mapsLettersAndIgnoresFlashAndShortPayloads() {
        event(12, true, 160, 1);
        event(15, true, 160, 2);
        event(16, true, 160, 3);
        receiver.onPayload(new byte[3], 0, 3, 4, 8000, (d, ms) -> digits.add("?"));

        assertThat(digits).containsExactly("A/20", "D/20");
        assertThat(receiver.malformed()).isEqualTo(1);
    }
}
