package org.babelbridge.ari;

import java.net.InetSocketAddress;

/**
 * The media engine as the Asterisk front sees it: one RTP leg per participant, bound to a local
 * UDP port that Asterisk's externalMedia channel sends the participant's voice to, and from which
 * the participant's personal mix is sent back.
 */
public interface ParticipantMedia {

    /**
     * Opens {@code user}'s leg in call {@code callId}'s media. The leg receives and sends
     * {@code format} with its static payload type and must accept an SSRC change mid-stream.
     */
    Leg open(long callId, CallUser user, ExternalMediaFormat format);

    /** One participant's RTP leg. Closing it removes the participant from the call's media. */
    interface Leg extends AutoCloseable {

        /** Where the leg listens: goes into externalMedia's {@code external_host}. */
        InetSocketAddress localAddress();

        /** Where Asterisk's externalMedia channel listens (UNICASTRTP_LOCAL_ADDRESS/PORT). */
        void sendTo(InetSocketAddress asteriskRtp);

        /** A muted participant's audio reaches nobody. */
        void setMuted(boolean muted);

        @Override
        void close();
    }
}
