package org.babelbridge.sip;

import java.time.Instant;

/** Where registrations report reachability; implemented by the calls services. May block. */
public interface Presence {

    /** The user has at least one live SIP registration until {@code expiresAt}. */
    void online(long userId, Instant expiresAt);

    /** The user's last SIP registration was removed or expired. */
    void offline(long userId);
}
