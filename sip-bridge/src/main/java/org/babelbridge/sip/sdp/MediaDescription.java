package org.babelbridge.sip.sdp;

import java.util.List;
import java.util.Map;

/**
 * One {@code m=} section. {@code connectionAddress} is the media-level address if given, else the
 * session-level one. {@code rtpMaps} holds an entry for every payload type we could identify.
 */
public record MediaDescription(String type, int port, String protocol, List<Integer> payloadTypes,
                               Map<Integer, RtpMap> rtpMaps, Map<Integer, String> formatParameters,
                               String connectionAddress, Direction direction, int ptimeMs) {

    public MediaDescription {
        payloadTypes = List.copyOf(payloadTypes);
        rtpMaps = Map.copyOf(rtpMaps);
        formatParameters = Map.copyOf(formatParameters);
    }
}
