package org.babelbridge.calls;

import java.time.Instant;

/**
 * One registered contact of a user, as stored for every bridge instance to see: where to send requests for
 * them until {@code expiresAt}. {@code sipCallId} and {@code cseq} order refreshes from one user agent
 * (RFC 3261 10.3); {@code instanceId} names the instance that took the REGISTER.
 */
public record SipRegistration(long userId, String sipUsername, String contactUri, String sipCallId, long cseq,
                              Instant expiresAt, String instanceId) {
}
