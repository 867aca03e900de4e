package org.babelbridge.sip;

/**
 * The media of one answered call: joins participants' legs so each hears the others passed through
 * or dubbed, per the routing plan. Methods are called on signalling threads.
 */
public interface SipCallMedia extends AutoCloseable {

    void join(CallParty party, SipMediaLeg leg);

    void leave(long userId);

    void setMuted(long userId, boolean muted);

    /**
     * Plays {@code userId}, the last one in the call, a short notice in their language that the others
     * have left; returns how long it plays in ms (0: no notice). Blocks while the notice is synthesised.
     */
    long announceAlone(long userId);

    /** Stops every route and closes the legs still joined; idempotent. */
    @Override
    void close();
}
