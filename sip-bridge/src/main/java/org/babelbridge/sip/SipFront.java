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
    private final SipCounters counters;

    private SipFront(SipEndpoint endpoint, SipCounters counters) {
        this.endpoint = endpoint;
        this.counters = counters;
    }

    /** Binds UDP and TCP on {@code settings.port()} and starts serving: one instance, no TLS, no trunk. */
    public static SipFront start(SipSettings settings, SipAccounts accounts, Presence presence, CallRules rules,
                                 SipMedia media, Clock clock) throws IOException {
        return start(settings, SipFrontOptions.standalone(), accounts, presence, rules, media, clock);
    }

    /**
     * Binds UDP and TCP on {@code settings.port()} and, with {@code options.tls()}, TLS on its port; starts
     * serving, accepts calls from the trunks and registers with those that ask for it, shares registrations
     * as {@code options.cluster()} says, and counts drops and responses in {@code options.counters()}.
     */
    public static SipFront start(SipSettings settings, SipFrontOptions options, SipAccounts accounts,
                                 Presence presence, CallRules rules, SipMedia media, Clock clock) throws IOException {
        return new SipFront(SipEndpoint.start(settings, options, accounts, presence, rules, media, clock),
                options.counters());
    }

    /** Messages dropped by reason and responses sent by status code. */
    public SipCounters counters() {
        return counters;
    }

    /** Trunk name to whether the bridge is registered with it now (only trunks that register). */
    public java.util.Map<String, Boolean> trunkRegistrations() {
        return endpoint.trunkRegistrations();
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
     * Click-to-call: rings {@code callerUserId}'s registered phone (showing the callee as calling), then,
     * once they answer, {@code calleeUserId} (registrations, or their phone through the trunk), and joins
     * them when the callee answers; the call is recorded then. Returns at once.
     *
     * @throws CallRejectedException when the call rules refuse it or the caller's phone is not registered
     */
    public void ring(long callerUserId, long calleeUserId) throws CallRejectedException {
        endpoint.ring(callerUserId, calleeUserId);
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
