package org.babelbridge.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.babelbridge.sip.NegotiatedAudio;
import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {

    private static final String BARESIP_OFFER = """
            v=0\r
            o=- 1365 2286 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 10000 RTP/AVP 9 0 8 101\r
            b=AS:64\r
            a=rtpmap:9 G722/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-15\r
            a=sendrecv\r
            a=label:1\r
            """;

    private final SdpNegotiator negotiator = new SdpNegotiator("127.0.0.1", java.util.List.of("PCMU", "PCMA", "G722"));

    @Test
    void answersWithFirstOfferedSupportedCodecAndTelephoneEvent() throws SdpException {
        SdpNegotiator.Answer answer = negotiator.answer(SdpParser.parse(BARESIP_OFFER), 1, 1, 20000);
        assertThat(answer.audio()).isEqualTo(new NegotiatedAudio("G722", 9, 8000, "127.0.0.1", 10000, 101, true));
        assertThat(answer.sdp()).contains("m=audio 20000 RTP/AVP 9 101").contains("a=rtpmap:9 G722/8000")
                .contains("a=sendrecv").contains("c=IN IP4 127.0.0.1");
        assertThat(SdpParser.parse(answer.sdp()).media()).hasSize(1);
    }

    @Test
    void usesStaticPayloadTypesWithoutRtpmap() throws SdpException {
        String offer = "v=0\r\no=- 1 1 IN IP4 10.1.1.1\r\ns=-\r\nc=IN IP4 10.1.1.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8 0\r\n";
        NegotiatedAudio audio = negotiator.answer(SdpParser.parse(offer), 1, 1, 20000).audio();
        assertThat(audio.codecName()).isEqualTo("PCMA");
        assertThat(audio.telephoneEventPayloadType()).isEqualTo(-1);
        assertThat(audio.remoteHost()).isEqualTo("10.1.1.1");
    }

    @Test
    void answersHoldWithRecvonlyAndStopsSendingToThePeer() throws SdpException {
        String hold = BARESIP_OFFER.replace("a=sendrecv", "a=sendonly");
        SdpNegotiator.Answer answer = negotiator.answer(SdpParser.parse(hold), 1, 2, 20000);
        assertThat(answer.sdp()).contains("a=recvonly");
        assertThat(answer.audio().peerReceives()).isFalse();
    }

    @Test
    void treatsZeroConnectionAddressAsHold() throws SdpException {
        String hold = BARESIP_OFFER.replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0");
        assertThat(negotiator.answer(SdpParser.parse(hold), 1, 2, 20000).audio().peerReceives()).isFalse();
    }

    @Test
    void declinesVideoAndKeepsAudio() throws SdpException {
        String offer = BARESIP_OFFER + "m=video 10002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
        SdpNegotiator.Answer answer = negotiator.answer(SdpParser.parse(offer), 1, 1, 20000);
        assertThat(answer.sdp()).contains("m=video 0 RTP/AVP 96");
    }

    @Test
    void refusesOfferWithoutSupportedCodecAsNotAcceptable() {
        String opusOnly = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n";
        assertThatThrownBy(() -> negotiator.answer(SdpParser.parse(opusOnly), 1, 1, 20000))
                .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.notAcceptable()).isTrue());
    }

    @Test
    void refusesMalformedBodiesAsMalformed() {
        for (String body : new String[] {"", "hello", "v=0\r\nm=audio x RTP/AVP 0\r\n",
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 300\r\n",
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0\r\n"}) {
            assertThatThrownBy(() -> SdpParser.parse(body))
                    .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.notAcceptable()).isFalse());
        }
    }

    @Test
    void offersOnlyCodecsTheMediaEngineHas() throws SdpException {
        SdpNegotiator g711Only = new SdpNegotiator("127.0.0.1", java.util.List.of("PCMA", "PCMU"));
        assertThat(g711Only.offer(1, 1, 30000)).contains("m=audio 30000 RTP/AVP 0 8 101").doesNotContain("G722");
        assertThat(g711Only.answer(SdpParser.parse(BARESIP_OFFER), 1, 1, 20000).audio().codecName()).isEqualTo("PCMU");
    }

    @Test
    void readsAnswerToOurOffer() throws SdpException {
        String offer = negotiator.offer(5, 1, 30000);
        SessionDescription parsed = SdpParser.parse(offer);
        assertThat(parsed.media().get(0).payloadTypes()).containsExactly(9, 0, 8, 101);
        String answer = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        assertThat(negotiator.acceptAnswer(SdpParser.parse(answer)))
                .isEqualTo(new NegotiatedAudio("PCMU", 0, 8000, "127.0.0.1", 6000, 101, true));
    }
}
