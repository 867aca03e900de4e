package org.babelbridge.sip;

import java.util.Set;
import org.babelbridge.sip.registrar.BindingStore;
import org.babelbridge.sip.registrar.InMemoryBindingStore;

/**
 * How this SIP front shares the work with other bridge instances behind a SIP proxy: where registrations are
 * kept ({@code bindings}, shared by every instance) and which proxies forward requests ({@code trustedProxies},
 * IP addresses). A request arriving from a trusted proxy is attributed to the client that proxy names in its
 * Via, so per-source limits apply to phones and not to the proxy.
 */
public record SipCluster(BindingStore bindings, Set<String> trustedProxies) {

    public SipCluster {
        trustedProxies = Set.copyOf(trustedProxies);
    }

    /** One instance, no proxy: registrations in memory. */
    public static SipCluster standalone() {
        return new SipCluster(new InMemoryBindingStore(), Set.of());
    }
}
