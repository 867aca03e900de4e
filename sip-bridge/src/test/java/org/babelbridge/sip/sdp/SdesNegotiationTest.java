package org.babelbridge.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SrtpKeys;
import org.junit.jupiter.api.Test;

/** SRTP keyed by SDES (RFC 4568) in offer/answer. */
class SdesNegotiationTest {

    private static final byte[] PHONE_KEY = new byte[30];
    private static final String PHONE_INLINE;

    static {
        for (int i = 0; i < PHONE_KEY.length; i++) {
            PHONE_KEY[i] = (byte) i;
        }
        PHONE_INLINE = Base64.getEncoder().encodeToString(PHONE_KEY);
    }

    private final SdpNegotiator negotiator = new SdpNegotiator("127.0.0.1", List.of("PCMU", "PCMA"));

    private static String offer(String profile, String... crypto) {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 10000 " + profile + " 0 101\r\na=rtpmap:101 telephone-event/8000\r\n");
        for (String line : crypto) {
            sdp.append("a=crypto:").append(line).append("\r\n");
        }
        return sdp.append("a=sendrecv\r\n").toString();
    }

    @Test
    void answersAnSavpOfferWithOurOwnKeyForTheSuiteItChose() throws SdpException {
        SdpNegotiator.Answer answer = negotiator.answer(SdpParser.parse(offer("RTP/SAVP",
                "1 AES_CM_256_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(new byte[46]),
                "2 AES_CM_128_HMAC_SHA1_32 inline:" + PHONE_INLINE + "|2^31",
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE)), 1, 1, 20000);

        SrtpKeys keys = answer.audio().srtp();
        assertThat(keys.suite()).isEqualTo("AES_CM_128_HMAC_SHA1_80");
        assertThat(keys.remoteKeyAndSalt()).isEqualTo(PHONE_KEY);
        assertThat(keys.localKeyAndSalt()).hasSize(30).isNotEqualTo(PHONE_KEY);
        assertThat(answer.sdp()).contains("m=audio 20000 RTP/SAVP 0 101")
                .contains("a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:"
                        + Base64.getEncoder().encodeToString(keys.localKeyAndSalt()));
        assertThat(SdpParser.parse(answer.sdp()).media().get(0).crypto()).hasSize(1);
    }

    @Test
    void acceptsTheShortTagSuiteWhenItIsAllThatIsOffered() throws SdpException {
        NegotiatedAudio audio = negotiator.answer(SdpParser.parse(offer("RTP/SAVP",
                "7 AES_CM_128_HMAC_SHA1_32 inline:" + PHONE_INLINE)), 1, 1, 20000).audio();
        assertThat(audio.srtp().suite()).isEqualTo("AES_CM_128_HMAC_SHA1_32");
    }

    @Test
    void refusesSavpWithoutAUsableCryptoLineAsNotAcceptable() {
        for (String unusable : new String[] {
                "1 AES_256_CM_HMAC_SHA1_80 inline:" + PHONE_INLINE,          // a suite we lack
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE + "|2^20|1:4", // an MKI
                "1 AES_CM_128_HMAC_SHA1_80 inline:c2hvcnQ=",                 // a short key
                "1 AES_CM_128_HMAC_SHA1_80 inline:%%%",                      // not base64
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE + " UNENCRYPTED_SRTP",
                "x AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE}) {
            assertThatThrownBy(() -> negotiator.answer(SdpParser.parse(offer("RTP/SAVP", unusable)), 1, 1, 20000))
                    .as(unusable).isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.notAcceptable()).isTrue());
        }
        assertThatThrownBy(() -> negotiator.answer(SdpParser.parse(offer("RTP/SAVP")), 1, 1, 20000))
                .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.notAcceptable()).isTrue());
    }

    @Test
    void plainOffersStayPlainEvenWithCryptoLines() throws SdpException {
        SdpNegotiator.Answer answer = negotiator.answer(SdpParser.parse(offer("RTP/AVP",
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE)), 1, 1, 20000);
        assertThat(answer.audio().srtp()).isNull();
        assertThat(answer.sdp()).contains("RTP/AVP").doesNotContain("a=crypto");
    }

    @Test
    void ourSrtpOfferNeedsAnSavpAnswerWithItsTagAndSuite() throws SdpException {
        byte[] ours = SdesCrypto.newKeyAndSalt();
        String offer = negotiator.offer(1, 1, 20000, ours);
        assertThat(offer).contains("m=audio 20000 RTP/SAVP").contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(ours));
        assertThat(negotiator.offer(1, 1, 20000)).contains("RTP/AVP").doesNotContain("a=crypto");

        NegotiatedAudio audio = negotiator.acceptAnswer(SdpParser.parse(offer("RTP/SAVP",
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE)), ours);
        assertThat(audio.srtp()).isEqualTo(new SrtpKeys("AES_CM_128_HMAC_SHA1_80", ours, PHONE_KEY));
        assertThat(audio.srtp().toString()).doesNotContain(PHONE_INLINE);

        assertThatThrownBy(() -> negotiator.acceptAnswer(SdpParser.parse(offer("RTP/AVP")), ours))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> negotiator.acceptAnswer(SdpParser.parse(offer("RTP/SAVP",
                "2 AES_CM_128_HMAC_SHA1_80 inline:" + PHONE_INLINE)), ours)).isInstanceOf(SdpException.class);
    }
}
