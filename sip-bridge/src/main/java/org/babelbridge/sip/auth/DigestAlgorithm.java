package org.babelbridge.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Digest hash algorithms a challenge may name (RFC 8760). Thread-safe. */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String sipName;
    private final String jcaName;

    DigestAlgorithm(String sipName, String jcaName) {
        this.sipName = sipName;
        this.jcaName = jcaName;
    }

    /** The token written in {@code algorithm=} of a challenge. */
    public String sipName() {
        return sipName;
    }

    /** Lower-case hex of the hash of {@code text} in UTF-8. */
    public String hashHex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every Java runtime", e);
        }
    }

    /** {@code H(username:realm:password)}, what the account store keeps instead of the secret. */
    public String ha1(String username, String realm, String secret) {
        return hashHex(username + ":" + realm + ":" + secret);
    }

    /** An absent algorithm parameter means MD5 (RFC 2617). */
    public static Optional<DigestAlgorithm> fromSipName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(MD5);
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.sipName.equals(upper)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
