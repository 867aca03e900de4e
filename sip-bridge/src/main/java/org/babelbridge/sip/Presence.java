package org.babelbridge.sip;

import java.time.Instant;

/**
 * Where registrations report reachability, one source per registered contact; implemented by the
 * calls services (a user is online while any source is up). May block.
 */
public interface Presence {

    /** {@code contactUri} of the user is registered until {@code expiresAt}. */
    void online(long userId, String contactUri, Instant expiresAt);

    /** {@code contactUri} of the user was unregistered or expired. */
    void offline(long userId, String contactUri);
}
