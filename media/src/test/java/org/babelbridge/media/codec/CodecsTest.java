package org.babelbridge.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecsTest {

    @Test
    void findsCodecsByStaticPayloadType() {
        assertThat(Codecs.byPayloadType(0)).get().isInstanceOf(PcmuCodec.class);
        assertThat(Codecs.byPayloadType(8)).get().isInstanceOf(PcmaCodec.class);
        assertThat(Codecs.byPayloadType(9)).get().isInstanceOf(G722Codec.class);
        assertThat(Codecs.byPayloadType(3)).isEmpty();
        assertThat(Codecs.byPayloadType(101)).isEmpty();
    }

    @Test
    void findsCodecsBySdpNameCaseInsensitivelyAndChecksClockRate() {
        assertThat(Codecs.bySdpName("pcmu", 8000)).get().extracting(AudioCodec::payloadType).isEqualTo(0);
        assertThat(Codecs.bySdpName("PCMA", 8000)).get().extracting(AudioCodec::payloadType).isEqualTo(8);
        assertThat(Codecs.bySdpName("PCMU", 16000)).isEmpty();
        // RFC 3551: G.722 is announced with an 8000 Hz RTP clock although its audio is 16 kHz.
        assertThat(Codecs.bySdpName("G722", 8000)).get().extracting(AudioCodec::sampleRateHz).isEqualTo(16000);
        assertThat(Codecs.bySdpName("G722", 16000)).isEmpty();
        assertThat(Codecs.bySdpName("opus", 48000)).isEmpty();
        assertThat(Codecs.bySdpName(null, 8000)).isEmpty();
    }

    @Test
    void returnsANewInstanceEveryTime() {
        assertThat(Codecs.create("PCMU")).isNotSameAs(Codecs.create("PCMU"));
        assertThat(Codecs.create("G722")).isNotSameAs(Codecs.create("G722"));
    }

    @Test
    void rejectsUnknownConfiguredCodecNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Codecs.create("GSM"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GSM").hasMessageContaining("PCMU");
    }
}
