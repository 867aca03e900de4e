package org.babelbridge.sip;

/**
 * Configuration of the SIP front ({@code babel.sip.*}). {@code advertisedAddress} is written into
 * Via, Contact and SDP; it differs from {@code bindAddress} behind NAT or when binding 0.0.0.0.
 */
public record SipSettings(String bindAddress, String advertisedAddress, int port, String realm,
                          long nonceLifetimeSeconds, int minExpiresSeconds, int maxExpiresSeconds,
                          int authFailuresPerMinute, long noAnswerTimeoutMs) {

    public static SipSettings defaults() {
        return new SipSettings("127.0.0.1", "127.0.0.1", 5060, "babelbridge", 300, 60, 3600, 10, 30_000);
    }

    public SipSettings withPort(int newPort) {
        return new SipSettings(bindAddress, advertisedAddress, newPort, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, authFailuresPerMinute, noAnswerTimeoutMs);
    }

    public SipSettings withNoAnswerTimeoutMs(long timeoutMs) {
        return new SipSettings(bindAddress, advertisedAddress, port, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, authFailuresPerMinute, timeoutMs);
    }

    public SipSettings withAuthFailuresPerMinute(int failures) {
        return new SipSettings(bindAddress, advertisedAddress, port, realm, nonceLifetimeSeconds,
                minExpiresSeconds, maxExpiresSeconds, failures, noAnswerTimeoutMs);
    }
}
