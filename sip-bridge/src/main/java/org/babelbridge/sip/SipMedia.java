package org.babelbridge.sip;

import java.io.IOException;

/** The media engine as the SIP front needs it. Implemented by the server over the media and speech modules. */
public interface SipMedia {

    /** SDP encoding names of the codecs legs can use (of PCMU, PCMA, G722). */
    java.util.List<String> codecNames();

    /** Opens an RTP leg on a free port of the configured range. */
    SipMediaLeg openLeg() throws IOException;

    /**
     * Starts the media of answered call {@code callId}; {@code dtmf} hears RFC 4733 digits per user.
     */
    SipCallMedia startCall(long callId, DtmfListener dtmf);

    /** Receives DTMF digits pressed by a participant; called off the media clock. */
    @FunctionalInterface
    interface DtmfListener {
        void onDigit(long userId, char digit);
    }
}
