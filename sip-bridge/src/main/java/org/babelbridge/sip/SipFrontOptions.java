package org.babelbridge.sip;

import java.util.Objects;
import org.babelbridge.sip.trunk.Trunks;

/**
 * What a SIP front is started with beyond its {@link SipSettings}: TLS (SIPS, and SRTP for phones registered
 * over it; {@code null} for none), the PSTN trunks it accepts calls from and calls through, the counters it
 * keeps, how it shares registrations with other instances, and the workers that run the call rules.
 */
public record SipFrontOptions(SipTlsSettings tls, Trunks trunks, SipCounters counters, SipCluster cluster,
                              CallWorkSettings callWork) {

    public SipFrontOptions {
        Objects.requireNonNull(trunks, "trunks");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(callWork, "callWork");
    }

    /** As the canonical constructor, with the default call-rule workers. */
    public SipFrontOptions(SipTlsSettings tls, Trunks trunks, SipCounters counters, SipCluster cluster) {
        this(tls, trunks, counters, cluster, CallWorkSettings.defaults());
    }

    /** One instance, no TLS, no trunk, registrations in memory. */
    public static SipFrontOptions standalone() {
        return new SipFrontOptions(null, Trunks.none(), new SipCounters(), SipCluster.standalone());
    }

    public SipFrontOptions withTls(SipTlsSettings tls) {
        return new SipFrontOptions(tls, trunks, counters, cluster, callWork);
    }

    public SipFrontOptions withTrunks(Trunks trunks, SipCounters counters) {
        return new SipFrontOptions(tls, trunks, counters, cluster, callWork);
    }

    public SipFrontOptions withCluster(SipCluster cluster) {
        return new SipFrontOptions(tls, trunks, counters, cluster, callWork);
    }

    public SipFrontOptions withCallWork(CallWorkSettings callWork) {
        return new SipFrontOptions(tls, trunks, counters, cluster, callWork);
    }
}
