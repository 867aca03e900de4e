package org.babelbridge.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SymmetricRtpLatchTest {
    private static final InetSocketAddress SIGNALLED = new InetSocketAddress("10.0.0.5", 4000);
    private static final InetSocketAddress NAT = new InetSocketAddress("127.0.0.1", 33000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 34000);

    @Test
    void sendsToSignalledAddressUntilTheFirstValidPacketThenLatches() {
        SymmetricRtpLatch latch = new SymmetricRtpLatch(SIGNALLED, 3);
        assertThat(latch.remote()).isEqualTo(SIGNALLED);

        assertThat(latch.onValidPacket(NAT)).isTrue();

        assertThat(latch.remote()).isEqualTo(NAT);
        assertThat(latch.latched()).isTrue();
    }

    @Test
    void aStrayPacketFromElsewhereDoesNotStealTheStream() {
        SymmetricRtpLatch latch = new SymmetricRtpLatch(null, 3);
        latch.onValidPacket(NAT);

        latch.onValidPacket(OTHER);
        latch.onValidPacket(NAT);
        latch.onValidPacket(OTHER);
        latch.onValidPacket(OTHER);

        assertThat(latch.remote()).isEqualTo(NAT);
        assertThat(latch.onValidPacket(OTHER)).isTrue();
        assertThat(latch.remote()).isEqualTo(OTHER);
        assertThat(latch.relatches()).isEqualTo(1);
    }

    @Test
    void resetToANewSignalledAddressLatchesAgainOnTheNextPacket() {
        SymmetricRtpLatch latch = new SymmetricRtpLatch(SIGNALLED, 3);
        latch.onValidPacket(NAT);

        latch.resetTo(SIGNALLED);
        assertThat(latch.remote()).isEqualTo(SIGNALLED);
        latch.onValidPacket(OTHER);

        assertThat(latch.remote()).isEqualTo(OTHER);
    }
}
