package org.babelbridge.sip.registrar;

import java.time.Instant;

/**
 * One registered contact of a user: where to send requests for them until {@code expiresAt}.
 * {@code callId} and {@code cseq} order refreshes from the same user agent (RFC 3261 10.3).
 */
public record Binding(long userId, String sipUsername, String contactUri, String callId, long cseq,
                      Instant expiresAt) {
}
