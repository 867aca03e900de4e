package org.babelbridge.sip.sdp;

import java.util.List;

/** A parsed SDP body (RFC 4566), only the parts offer/answer needs. Immutable. */
public record SessionDescription(String originUsername, String sessionId, long sessionVersion,
                                 String originAddress, List<MediaDescription> media) {

    public SessionDescription {
        media = List.copyOf(media);
    }
}
