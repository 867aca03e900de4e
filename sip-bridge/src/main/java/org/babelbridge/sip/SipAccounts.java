package org.babelbridge.sip;

import java.util.Optional;

/** Looks up SIP identities; implemented by the calls services. May block (database). */
public interface SipAccounts {
    Optional<SipAccount> findBySipUsername(String sipUsername);
}
