package org.babelbridge.media.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.babelbridge.media.clock.MediaClock;
import org.junit.jupiter.api.Test;

class MediaEngineConfigTest {

    @Test
    void defaultsMatchTheDesign() {
        MediaEngineConfig config = MediaEngineConfig.defaults();

        assertThat(config.jitterMinMs()).isEqualTo(20);
        assertThat(config.jitterMaxMs()).isEqualTo(200);
        assertThat(config.duckingDb()).isEqualTo(-15);
        assertThat(config.dubbedBacklogMaxMs()).isEqualTo(4000);
        assertThat(config.maxParticipantsPerCall()).isEqualTo(4);
    }

    @Test
    void badSettingsAreRejectedWithTheSettingNamed() {
        MediaEngineConfig d = MediaEngineConfig.defaults();

        assertThatThrownBy(() -> d.withPorts(30_000, 30_000)).hasMessageContaining("rtpPortMin/rtpPortMax");
        assertThatThrownBy(() -> d.withTickerThreads(0)).hasMessageContaining("tickerThreads");
        assertThatThrownBy(() -> d.withJitter(10, 200)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> d.withMixer(6, 4000)).hasMessageContaining("duckingDb");
        assertThatThrownBy(() -> d.withMixer(-15, 0)).hasMessageContaining("dubbedBacklogMaxMs");
        assertThatThrownBy(() -> d.withBindAddress(" ")).hasMessageContaining("bindAddress");
    }

    @Test
    void anExhaustedPortRangeNamesTheSettingsToChange() {
        try (MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(43_000, 43_003).withTickerThreads(1), MediaClock.system())) {
            engine.openLeg("a");
            engine.openLeg("b");

            assertThatThrownBy(() -> engine.openLeg("c")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rtpPortMin/rtpPortMax");
        }
    }

    @Test
    void aClosedEngineRefusesNewLegsAndCalls() {
        MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(43_100, 43_199).withTickerThreads(1), MediaClock.system());
        engine.close();

        assertThatThrownBy(() -> engine.openLeg("a")).hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.createCall("c")).hasMessageContaining("closed");
    }
}
