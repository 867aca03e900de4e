package org.babelbridge.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecsTest {

    @Test
    void findsCodecsByStaticPayloadType() {
        assertThat(Codecs.byPayloadType(0)).get().isInstanceOf(PcmuCodec.class);
        assertThat(Codecs.byPayloadType(8)).get().isInstanceOf(PcmaCodec.class);
        assertThat(Codecs.byPayloadType(3)).isEmpty();
        assertThat(Codecs.byPayloadType(101)).isEmpty();
    }

    @Test
    void findsCodecsBySdpNameCaseInsensitivelyAndChecksClockRate() {
        assertThat(Codecs.bySdpName("pcmu", 8000)).get().extracting(AudioCodec::payloadType).isEqualTo(0);
        assertThat(Codecs.bySdpName("PCMA", 8000)).get().extracting(AudioCodec::payloadType).isEqualTo(8);
        assertThat(Codecs.bySdpName("PCMU", 16000)).isEmpty();
        assertThat(Codecs.bySdpName("opus", 48000)).isEmpty();
        assertThat(Codecs.bySdpName(null, 8000)).isEmpty();
    }

    @Test
    void returnsANewInstanceEveryTime() {
        assertThat(Codecs.create("PCMU")).isNotSameAs(Codecs.create("PCMU"));
    }

    @Test
    void rejectsUnknownConfiguredCodecNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Codecs.create("GSM"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GSM").hasMessageContaining("PCMU");
    }
}
