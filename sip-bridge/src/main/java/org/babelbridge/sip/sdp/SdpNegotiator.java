package org.babelbridge.sip.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.babelbridge.sip.NegotiatedAudio;

/**
 * RFC 3264 offer/answer for one audio stream with the media engine's codecs (of PCMU, PCMA, G.722)
 * and telephone-event.
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

    /** An offer listing every codec we support, receiving on {@code localPort}. */
    public String offer(long sessionId, long version, int localPort) {
        StringBuilder sdp = new StringBuilder(session(sessionId, version)).append("m=audio ").append(localPort)
                .append(" RTP/AVP");
        codecs.forEach(c -> sdp.append(' ').append(STATIC_PAYLOAD_TYPES.get(c)));
        sdp.append(' ').append(TELEPHONE_EVENT_PT).append("\r\n");
        codecs.forEach(c -> sdp.append("a=rtpmap:").append(STATIC_PAYLOAD_TYPES.get(c)).append(' ').append(c)
                .append("/8000\r\n"));
        return sdp
                + "a=rtpmap:" + TELEPHONE_EVENT_PT + " telephone-event/8000\r\n"
                + "a=fmtp:" + TELEPHONE_EVENT_PT + " 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /**
     * Answers {@code offer} from {@code localPort}: the first offered codec we support wins; every
     * other stream is declined with port 0.
     *
     * @throws SdpException not acceptable when no audio stream has a codec we support
     */
    public Answer answer(SessionDescription offer, long sessionId, long version, int localPort) throws SdpException {
        StringBuilder sdp = new StringBuilder(session(sessionId, version));
        NegotiatedAudio chosen = null;
        for (MediaDescription m : offer.media()) {
            NegotiatedAudio audio = chosen == null ? settle(m) : null;
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
            sdp.append("m=audio ").append(localPort).append(" RTP/AVP");
            pts.forEach(pt -> sdp.append(' ').append(pt));
            sdp.append("\r\n");
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
            throw SdpException.notAcceptable("no audio stream offers any of " + codecs);
        }
        return new Answer(chosen, sdp.toString());
    }

    /**
     * Reads the peer's answer to one of our offers.
     *
     * @throws SdpException when the answer accepts no audio codec we offered
     */
    public NegotiatedAudio acceptAnswer(SessionDescription answer) throws SdpException {
        for (MediaDescription m : answer.media()) {
            NegotiatedAudio audio = settle(m);
            if (audio != null) {
                return audio;
            }
        }
        throw SdpException.notAcceptable("answer accepts no audio codec we offered");
    }

    private NegotiatedAudio settle(MediaDescription m) {
        if (!m.type().equals("audio") || m.port() == 0 || !m.protocol().startsWith("RTP/AVP")) {
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
