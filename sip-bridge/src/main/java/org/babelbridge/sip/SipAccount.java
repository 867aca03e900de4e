package org.babelbridge.sip;

/**
 * A user's SIP identity as the registrar needs it: only the digest hashes (HA1) of the SIP secret,
 * never the secret itself.
 */
public record SipAccount(long userId, String sipUsername, String realm, String ha1Md5, String ha1Sha256) {
}
