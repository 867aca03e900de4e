package org.babelbridge.calls;

/**
 * What a SIP registrar needs for digest authentication: HA1 = H(username:realm:secret) with
 * {@code ha1Md5} for MD5 (RFC 2617) and {@code ha1Sha256} for SHA-256 (RFC 8760), lower-case hex.
 */
public record SipCredentials(long userId, String sipUsername, String realm, String ha1Md5, String ha1Sha256) {
}
