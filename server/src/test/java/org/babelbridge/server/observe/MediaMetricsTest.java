package org.babelbridge.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptEntry;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.calls.TranscriptStore;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.Codecs;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.media.conference.MediaLeg;
import org.babelbridge.server.loopback.Script;
import org.babelbridge.server.loopback.SimulatedPhone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaMetricsTest {

    @Test
    void exposesActiveCallsLegsDropsByReasonAndTranscriptOutcomes(@TempDir Path dir) throws Exception {
        TranscriptStore store = new TranscriptStore() {
            @Override
            public void write(TranscriptEntry entry) {
            }

            @Override
            public boolean isPermanent(Exception failure) {
                return true;
            }
        };
        try (MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(43440, 43460), MediaClock.system());
             TranscriptRecorder transcripts = new TranscriptRecorder(store, dir.resolve("spool"),
                     TranscriptRecorder.Settings.DEFAULT);
             SimulatedPhone phone = new SimulatedPhone("p", Script.silent(2).pcm(), 3);
             DatagramSocket attacker = new DatagramSocket()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MediaMetrics metrics = new MediaMetrics(() -> engine, () -> transcripts); // meters refer to it weakly
            metrics.bindTo(registry);
            CallMedia call = engine.createCall("1");
            MediaLeg leg = engine.openLeg("leg");
            leg.configure(Codecs.create("PCMU"), Codecs.create("PCMU"), -1,
                    new InetSocketAddress("127.0.0.1", phone.port()));
            call.addParticipant("7", leg);
            phone.start(new InetSocketAddress("127.0.0.1", leg.localPort()));
            byte[] garbage = {1, 2, 3};
            attacker.send(new DatagramPacket(garbage, garbage.length, new InetSocketAddress("127.0.0.1", leg.localPort())));
            transcripts.record(new TranscriptEntry(UUID.randomUUID(), 1, 7L, Language.EN, "hello", List.of(), 0,
                    StageLatencies.NONE));
            transcripts.flush(java.time.Duration.ofSeconds(5));
            Thread.sleep(1200); // past the snapshot cache

            assertThat(registry.get("babel.calls.active").gauge().value()).isEqualTo(1);
            assertThat(registry.get("babel.media.legs.open").gauge().value()).isEqualTo(1);
            assertThat(registry.get("babel.media.ticks").functionCounter().count()).isPositive();
            assertThat(registry.get("babel.media.packets.dropped").tag("reason", "malformed").gauge().value())
                    .isEqualTo(1);
            assertThat(registry.get("babel.transcripts").tag("outcome", "written").functionCounter().count()
                    + registry.get("babel.transcripts").tag("outcome", "dropped").functionCounter().count())
                    .isEqualTo(1);
            assertThat(metrics.legs().late()).isGreaterThanOrEqualTo(0);
            phone.stop();
            call.close();
        }
    }
}
