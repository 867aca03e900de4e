package org.babelbridge.sip;

/**
 * One participant's RTP endpoint in the bridge, opened before the SDP is answered so its port can be
 * written into it. Methods are called on signalling threads.
 */
public interface SipMediaLeg extends AutoCloseable {

    /** The local RTP port, written into our SDP. */
    int localPort();

    /** Applies (or re-applies after a re-INVITE) what offer/answer settled. */
    void connect(NegotiatedAudio audio);

    /** Releases the port; idempotent. */
    @Override
    void close();
}
