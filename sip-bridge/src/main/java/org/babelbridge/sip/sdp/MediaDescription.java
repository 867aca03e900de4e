package org.babelbridge.sip.sdp;

import java.util.List;
import java.util.Map;

/**
 * One {@code m=} section. {@code connectionAddress} is the media-level address if given, else the
 * session-level one. {@code rtpMaps} holds an entry for every payload type we could identify;
 * {@code crypto} the usable SDES {@code a=crypto} lines, in the offer's order.
 */
public record MediaDescription(String type, int port, String protocol, List<Integer> payloadTypes,
                               Map<Integer, RtpMap> rtpMaps, Map<Integer, String> formatParameters,
                               String connectionAddress, Direction direction, int ptimeMs, List<SdesCrypto> crypto) {

    public MediaDescription {
        payloadTypes = List.copyOf(payloadTypes);
        rtpMaps = Map.copyOf(rtpMaps);
        formatParameters = Map.copyOf(formatParameters);
        crypto = List.copyOf(crypto);
    }

    /** Without SDES keys. */
    public MediaDescription(String type, int port, String protocol, List<Integer> payloadTypes,
                            Map<Integer, RtpMap> rtpMaps, Map<Integer, String> formatParameters,
                            String connectionAddress, Direction direction, int ptimeMs) {
        this(type, port, protocol, payloadTypes, rtpMaps, formatParameters, connectionAddress, direction, ptimeMs,
                List.of());
    }

    /** True for the secure profile (RTP/SAVP), which requires SRTP keys. */
    public boolean secureProfile() {
        return protocol.equalsIgnoreCase("RTP/SAVP");
    }
}
