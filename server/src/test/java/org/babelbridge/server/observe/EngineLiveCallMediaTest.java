package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.babelbridge.api.LiveCallMedia;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.Codecs;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.media.conference.MediaLeg;
import org.babelbridge.server.loopback.Script;
import org.babelbridge.server.loopback.SimulatedPhone;
import org.junit.jupiter.api.Test;

class EngineLiveCallMediaTest {

    @Test
    void reportsEachParticipantsLegCountersOfALiveCallByUserId() throws Exception {
        try (MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(43400, 43420), MediaClock.system());
             SimulatedPhone phone = new SimulatedPhone("p", Script.silent(2).pcm(), 3)) {
            CallMedia call = engine.createCall("42");
            MediaLeg leg = engine.openLeg("leg");
            leg.configure(Codecs.create("PCMU"), Codecs.create("PCMU"), -1,
                    new InetSocketAddress("127.0.0.1", phone.port()));
            call.addParticipant("7", leg);
            phone.start(new InetSocketAddress("127.0.0.1", leg.localPort()));
            Thread.sleep(500);
            phone.stop();

            LiveCallMedia live = new EngineLiveCallMedia(engine);
            assertThat(live.legs(42)).singleElement().satisfies(l -> {
                assertThat(l.userId()).isEqualTo(7);
                assertThat(l.packetsReceived()).isPositive();
                assertThat(l.malformed()).isZero();
            });
            assertThat(live.legs(43)).isEmpty();
            call.close();
            assertThat(live.legs(42)).isEmpty();
        }
    }
}
