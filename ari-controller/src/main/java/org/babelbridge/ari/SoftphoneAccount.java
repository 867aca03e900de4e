package org.babelbridge.ari;

/**
 * A user's SIP identity as Asterisk needs it: only the MD5 digest hash (HA1 of
 * {@code username:realm:secret}) is known, never the secret itself.
 *
 * @param sipUsername PJSIP endpoint, auth and aor name
 * @param ha1Md5      lower-case hex MD5 HA1 for the configured realm
 * @param language    users.primary_language, as the endpoint's prompt language
 */
public record SoftphoneAccount(String sipUsername, String ha1Md5, String language) {

    public SoftphoneAccount {
        if (sipUsername == null || !sipUsername.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("SIP username must be 1-64 of [A-Za-z0-9._-]: " + sipUsername);
        }
        if (ha1Md5 == null || !ha1Md5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("HA1 of " + sipUsername + " must be 32 lower-case hex digits");
        }
    }
}
