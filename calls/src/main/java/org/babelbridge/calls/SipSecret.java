package org.babelbridge.calls;

/** A freshly issued SIP secret: shown to the user once, never stored in clear. */
public record SipSecret(String sipUsername, String secret, String realm) {
}
