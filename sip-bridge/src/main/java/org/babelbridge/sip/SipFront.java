package org.babelbridge.sip;

import java.io.IOException;
import java.time.Clock;
import org.babelbridge.sip.stack.SipEndpoint;

/**
 * The built-in SIP front as the rest of the application sees it: started with its settings and the
 * ports it serves (accounts, presence, call rules, media), closed on shutdown. No JAIN-SIP type
 * crosses this boundary.
 */
public final class SipFront implements AutoCloseable {

    private final SipEndpoint endpoint;

    private SipFront(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Binds UDP and TCP on {@code settings.port()} and starts serving. */
    public static SipFront start(SipSettings settings, SipAccounts accounts, Presence presence, CallRules rules,
                                 SipMedia media, Clock clock) throws IOException {
        return new SipFront(SipEndpoint.start(settings, accounts, presence, rules, media, clock));
    }

    /**
     * As {@link #start(SipSettings, SipAccounts, Presence, CallRules, SipMedia, Clock)}, as one of several
     * instances: registrations in {@code cluster}'s shared store, requests from its trusted proxies attributed
     * to the phones behind them.
     */
    public static SipFront start(SipSettings settings, SipCluster cluster, SipAccounts accounts, Presence presence,
                                 CallRules rules, SipMedia media, Clock clock) throws IOException {
        return new SipFront(SipEndpoint.start(settings, cluster, accounts, presence, rules, media, clock));
    }

    /** Users currently reachable by SIP and their contacts. */
    public org.babelbridge.sip.registrar.BindingTable registrations() {
        return endpoint.bindings();
    }

    /** Calls ringing or in progress. */
    public int activeCalls() {
        return endpoint.activeCalls();
    }

    /** True when call {@code callId} was answered here and has not ended. */
    public boolean carries(long callId) {
        return endpoint.carries(callId);
    }

    /**
     * INVITEs {@code userId} (a contact of {@code inviterUserId}, who is in call {@code callId}) into
     * the call; they are added to it when they answer. Returns at once.
     *
     * @throws CallRejectedException when the call is not in progress here or the user cannot be invited
     */
    public void invite(long callId, long inviterUserId, long userId) throws CallRejectedException {
        endpoint.invite(callId, inviterUserId, userId);
    }

    /**
     * Sends BYE to {@code userId}'s phone and takes them out of call {@code callId}, ending it when
     * fewer than two remain (for a leave requested through the REST API). False when the call or the
     * user is not in progress here.
     */
    public boolean hangUp(long callId, long userId) {
        return endpoint.hangUp(callId, userId);
    }

    /**
     * Mutes or unmutes {@code userId}'s audio in call {@code callId} (for a mute requested through
     * the REST API; the call record is the caller's business). False when the call is not here.
     */
    public boolean setMuted(long callId, long userId, boolean muted) {
        return endpoint.setMuted(callId, userId, muted);
    }

    /** Hangs up every call and releases the ports. */
    @Override
    public void close() {
        endpoint.close();
    }
}
