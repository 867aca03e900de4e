package org.babelbridge.sip;

import java.util.Objects;
import org.babelbridge.sip.trunk.Trunks;

/**
 * What a SIP front is started with beyond its {@link SipSettings}: TLS (SIPS, and SRTP for phones registered
 * over it; {@code null} for none), the PSTN trunks it accepts calls from and calls through, the counters it
 * keeps, and how it shares registrations with other instances.
 */
public record SipFrontOptions(SipTlsSettings tls, Trunks trunks, SipCounters counters, SipCluster cluster) {

    public SipFrontOptions {
        Objects.requireNonNull(trunks, "trunks");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** One instance, no TLS, no trunk, registrations in memory. */
    public static SipFrontOptions standalone() {
        return new SipFrontOptions(null, Trunks.none(), new SipCounters(), SipCluster.standalone());
    }

    public SipFrontOptions withTls(SipTlsSettings tls) {
        return new SipFrontOptions(tls, trunks, counters, cluster);
    }

    public SipFrontOptions withTrunks(Trunks trunks, SipCounters counters) {
        return new SipFrontOptions(tls, trunks, counters, cluster);
    }

    public SipFrontOptions withCluster(SipCluster cluster) {
        return new SipFrontOptions(tls, trunks, counters, cluster);
    }
}
