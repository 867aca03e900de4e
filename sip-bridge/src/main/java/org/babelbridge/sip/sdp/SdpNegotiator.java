package org.babelbridge.sip.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SrtpKeys;

/**
 * RFC 3264 offer/answer for one audio stream with the media engine's codecs (of PCMU, PCMA, G.722)
 * and telephone-event, over plain RTP (RTP/AVP) or SRTP keyed by SDES (RTP/SAVP with {@code a=crypto},
 * RFC 4568).
 * Builds our offers and answers and reads the peer's. Stateless; thread-safe.
 */
public final class SdpNegotiator {

    /** Our default payload type for telephone-event in offers we make. */
    public static final int TELEPHONE_EVENT_PT = 101;
    private static final Map<String, Integer> STATIC_PAYLOAD_TYPES = Map.of("G722", 9, "PCMU", 0, "PCMA", 8);
    private static final List<String> PREFERENCE = List.of("G722", "PCMU", "PCMA");

    private final String localAddress;
    private final List<String> codecs;

    /** {@code codecNames}: the codecs the media engine has (of PCMU, PCMA, G722), offered G722 first. */
    public SdpNegotiator(String localAddress, Collection<String> codecNames) {
        this.localAddress = localAddress;
        Set<String> upper = new HashSet<>();
        codecNames.forEach(c -> upper.add(c.toUpperCase(Locale.ROOT)));
        this.codecs = PREFERENCE.stream().filter(upper::contains).toList();
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("the media engine has none of " + PREFERENCE);
        }
    }

    /** The result of answering an offer: what we settled and the SDP to send back. */
    public record Answer(NegotiatedAudio audio, String sdp) {
    }

    /** The SDES tag of the one crypto line in our offers. */
    public static final int OFFER_CRYPTO_TAG = 1;

    /** An offer listing every codec we support, receiving plain RTP on {@code localPort}. */
    public String offer(long sessionId, long version, int localPort) {
        return offer(sessionId, version, localPort, null);
    }

    /**
     * An offer listing every codec we support, receiving on {@code localPort}; with {@code srtpKeyAndSalt}
     * (see {@link SdesCrypto#newKeyAndSalt}) it offers SRTP only (RTP/SAVP, {@code AES_CM_128_HMAC_SHA1_80}).
     */
    public String offer(long sessionId, long version, int localPort, byte[] srtpKeyAndSalt) {
        StringBuilder sdp = new StringBuilder(session(sessionId, version)).append("m=audio ").append(localPort)
                .append(srtpKeyAndSalt == null ? " RTP/AVP" : " RTP/SAVP");
        codecs.forEach(c -> sdp.append(' ').append(STATIC_PAYLOAD_TYPES.get(c)));
        sdp.append(' ').append(TELEPHONE_EVENT_PT).append("\r\n");
        codecs.forEach(c -> sdp.append("a=rtpmap:").append(STATIC_PAYLOAD_TYPES.get(c)).append(' ').append(c)
                .append("/8000\r\n"));
        if (srtpKeyAndSalt != null) {
            sdp.append(new SdesCrypto(OFFER_CRYPTO_TAG, SdesCrypto.PREFERRED_SUITE, srtpKeyAndSalt).attributeLine());
        }
        return sdp
                + "a=rtpmap:" + TELEPHONE_EVENT_PT + " telephone-event/8000\r\n"
                + "a=fmtp:" + TELEPHONE_EVENT_PT + " 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /**
     * Answers {@code offer} from {@code localPort}: the first offered codec we support wins; every
     * other stream is declined with port 0. An RTP/SAVP stream is usable only with an {@code a=crypto}
     * line of a suite we implement; its answer carries a fresh key of ours for that suite.
     *
     * @throws SdpException not acceptable when no audio stream has a codec (and crypto suite) we support
     */
    public Answer answer(SessionDescription offer, long sessionId, long version, int localPort) throws SdpException {
        StringBuilder sdp = new StringBuilder(session(sessionId, version));
        NegotiatedAudio chosen = null;
        for (MediaDescription m : offer.media()) {
            NegotiatedAudio audio = chosen == null ? settle(m) : null;
            SdesCrypto answerCrypto = null;
            if (audio != null && m.secureProfile()) {
                SdesCrypto theirs = preferredCrypto(m);
                if (theirs == null) {
                    audio = null;
                } else {
                    answerCrypto = new SdesCrypto(theirs.tag(), theirs.suite(), SdesCrypto.newKeyAndSalt());
                    audio = audio.withSrtp(new SrtpKeys(theirs.suite(), answerCrypto.keyAndSalt(), theirs.keyAndSalt()));
                }
            }
            if (audio == null) {
                sdp.append("m=").append(m.type()).append(" 0 ").append(m.protocol()).append(' ')
                        .append(m.payloadTypes().isEmpty() ? "0" : m.payloadTypes().get(0)).append("\r\n");
                continue;
            }
            chosen = audio;
            List<Integer> pts = new ArrayList<>();
            pts.add(audio.payloadType());
            if (audio.telephoneEventPayloadType() >= 0) {
                pts.add(audio.telephoneEventPayloadType());
            }
            sdp.append("m=audio ").append(localPort).append(answerCrypto == null ? " RTP/AVP" : " RTP/SAVP");
            pts.forEach(pt -> sdp.append(' ').append(pt));
            sdp.append("\r\n");
            if (answerCrypto != null) {
                sdp.append(answerCrypto.attributeLine());
            }
            sdp.append("a=rtpmap:").append(audio.payloadType()).append(' ').append(audio.codecName())
                    .append('/').append(audio.rtpClockRate()).append("\r\n");
            if (audio.telephoneEventPayloadType() >= 0) {
                sdp.append("a=rtpmap:").append(audio.telephoneEventPayloadType()).append(" telephone-event/8000\r\n");
                sdp.append("a=fmtp:").append(audio.telephoneEventPayloadType()).append(" 0-16\r\n");
            }
            sdp.append("a=ptime:20\r\n");
            sdp.append("a=").append(m.direction().answer().attribute()).append("\r\n");
        }
        if (chosen == null) {
            throw SdpException.notAcceptable("no audio stream offers any of " + codecs
                    + " over RTP/AVP, or over RTP/SAVP with one of " + SdesCrypto.SUPPORTED_SUITES);
        }
        return new Answer(chosen, sdp.toString());
    }

    /**
     * Reads the peer's answer to one of our offers.
     *
     * @throws SdpException when the answer accepts no audio codec we offered
     */
    public NegotiatedAudio acceptAnswer(SessionDescription answer) throws SdpException {
        return acceptAnswer(answer, null);
    }

    /**
     * Reads the peer's answer to an offer we made with {@code offeredKeyAndSalt} (null: a plain RTP
     * offer). An SRTP offer needs an RTP/SAVP answer with a crypto line of our offer's tag and suite.
     *
     * @throws SdpException when the answer accepts no audio codec we offered, or not our crypto
     */
    public NegotiatedAudio acceptAnswer(SessionDescription answer, byte[] offeredKeyAndSalt) throws SdpException {
        for (MediaDescription m : answer.media()) {
            NegotiatedAudio audio = settle(m);
            if (audio == null) {
                continue;
            }
            if (offeredKeyAndSalt == null) {
                return audio;
            }
            for (SdesCrypto crypto : m.crypto()) {
                if (m.secureProfile() && crypto.tag() == OFFER_CRYPTO_TAG
                        && crypto.suite().equals(SdesCrypto.PREFERRED_SUITE)) {
                    return audio.withSrtp(new SrtpKeys(crypto.suite(), offeredKeyAndSalt, crypto.keyAndSalt()));
                }
            }
            throw SdpException.notAcceptable("answer to our SRTP offer carries no RTP/SAVP key for it");
        }
        throw SdpException.notAcceptable("answer accepts no audio codec we offered");
    }

    /** The offer's first crypto line of a suite we implement, preferring the 80-bit tag. */
    private static SdesCrypto preferredCrypto(MediaDescription m) {
        SdesCrypto fallback = null;
        for (SdesCrypto crypto : m.crypto()) {
            if (crypto.suite().equals(SdesCrypto.PREFERRED_SUITE)) {
                return crypto;
            }
            if (fallback == null) {
                fallback = crypto;
            }
        }
        return fallback;
    }

    private NegotiatedAudio settle(MediaDescription m) {
        if (!m.type().equals("audio") || m.port() == 0
                || !(m.protocol().toUpperCase(Locale.ROOT).startsWith("RTP/AVP") || m.secureProfile())) {
            return null;
        }
        RtpMap codec = null;
        int telephoneEvent = -1;
        for (int pt : m.payloadTypes()) {
            RtpMap map = m.rtpMaps().get(pt);
            if (map == null) {
                continue;
            }
            String encoding = map.encoding().toUpperCase(Locale.ROOT);
            if (codec == null && codecs.contains(encoding) && map.clockRate() == 8000 && map.channels() == 1) {
                codec = map;
            } else if (telephoneEvent < 0 && encoding.equals("TELEPHONE-EVENT") && map.clockRate() == 8000) {
                telephoneEvent = pt;
            }
        }
        if (codec == null) {
            return null;
        }
        String host = m.connectionAddress();
        boolean peerReceives = m.direction().wantsToReceive() && !"0.0.0.0".equals(host);
        return new NegotiatedAudio(codec.encoding().toUpperCase(Locale.ROOT), codec.payloadType(), 8000,
                host, m.port(), telephoneEvent, peerReceives);
    }

    private String session(long sessionId, long version) {
        String ipVersion = localAddress.contains(":") ? "IP6" : "IP4";
        return "v=0\r\n"
                + "o=babelbridge " + sessionId + " " + version + " IN " + ipVersion + " " + localAddress + "\r\n"
                + "s=Babel Bridge\r\n"
                + "c=IN " + ipVersion + " " + localAddress + "\r\n"
                + "t=0 0\r\n";
    }
}
