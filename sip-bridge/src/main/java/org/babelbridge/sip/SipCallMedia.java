package org.babelbridge.sip;

/**
 * The media of one answered call: joins participants' legs so each hears the others passed through
 * or dubbed, per the routing plan. Methods are called on signalling threads.
 */
public interface SipCallMedia extends AutoCloseable {

    void join(CallParty party, SipMediaLeg leg);

    void leave(long userId);

    void setMuted(long userId, boolean muted);

    /** Stops every route and closes the legs still joined; idempotent. */
    @Override
    void close();
}
