package org.babelbridge.sip;

import java.util.List;
import org.babelbridge.sip.auth.DigestAlgorithm;

/**
 * Configuration of the SIP front ({@code babel.sip.*}). {@code advertisedAddress} is written into
 * Via, Contact and SDP; it differs from {@code bindAddress} behind NAT or when binding 0.0.0.0.
 */
public record SipSettings(String bindAddress, String advertisedAddress, int port, String realm,
                          long nonceLifetimeSeconds, int minExpiresSeconds, int maxExpiresSeconds,
                          int authFailuresPerMinute, long noAnswerTimeoutMs, List<DigestAlgorithm> digestAlgorithms) {

    /**
     * MD5 only by default: deployed softphones (baresip 1.0 among them) refuse a 401 that carries any
     * challenge they cannot compute, even next to an MD5 one. Set {@code [SHA-256, MD5]} where every
     * client implements RFC 8760.
     */
    public static final List<DigestAlgorithm> COMPATIBLE_ALGORITHMS = List.of(DigestAlgorithm.MD5);

    public SipSettings {
        if (digestAlgorithms == null || digestAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("babel.sip.digest-algorithms must name MD5 and/or SHA-256");
        }
        digestAlgorithms = List.copyOf(digestAlgorithms);
    }

    public static SipSettings defaults() {
        return new SipSettings("127.0.0.1", "127.0.0.1", 5060, "babel-bridge", 300, 60, 3600, 10, 30_000,
                COMPATIBLE_ALGORITHMS);
    }

    public SipSettings withDigestAlgorithms(List<DigestAlgorithm> algorithms) {
        return new SipSettings(bindAddress, advertisedAddress, port, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, authFailuresPerMinute, noAnswerTimeoutMs, algorithms);
    }

    public SipSettings withPort(int newPort) {
        return new SipSettings(bindAddress, advertisedAddress, newPort, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, authFailuresPerMinute, noAnswerTimeoutMs, digestAlgorithms);
    }

    public SipSettings withNoAnswerTimeoutMs(long timeoutMs) {
        return new SipSettings(bindAddress, advertisedAddress, port, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, authFailuresPerMinute, timeoutMs, digestAlgorithms);
    }

    public SipSettings withAuthFailuresPerMinute(int failures) {
        return new SipSettings(bindAddress, advertisedAddress, port, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, failures, noAnswerTimeoutMs, digestAlgorithms);
    }
}
