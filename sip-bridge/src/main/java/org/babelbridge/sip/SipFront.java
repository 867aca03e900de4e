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

    /** Users currently reachable by SIP and their contacts. */
    public org.babelbridge.sip.registrar.BindingTable registrations() {
        return endpoint.bindings();
    }

    /** Calls ringing or in progress. */
    public int activeCalls() {
        return endpoint.activeCalls();
    }

    /** Hangs up every call and releases the ports. */
    @Override
    public void close() {
        endpoint.close();
    }
}
