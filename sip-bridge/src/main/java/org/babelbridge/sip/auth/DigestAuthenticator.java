package org.babelbridge.sip.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.babelbridge.sip.SipAccount;

/**
 * Checks digest responses (RFC 2617 / 7616 / 8760, MD5 and SHA-256, qop=auth or none) against the
 * stored HA1 hashes and builds the challenges. An unknown user and a wrong secret give the same
 * outcome. Thread-safe.
 */
public final class DigestAuthenticator {

    /** Result of checking one Authorization header. */
    public sealed interface Outcome {
        record Accepted(SipAccount account) implements Outcome { }
        /** Correct in form but the nonce expired: challenge again with {@code stale=true}. */
        record Stale() implements Outcome { }
        record Rejected() implements Outcome { }
    }

    private final String realm;
    private final NonceIssuer nonces;
    private final List<DigestAlgorithm> algorithms;

    /** {@code algorithms}: challenged in this order, and the only ones accepted. */
    public DigestAuthenticator(String realm, NonceIssuer nonces, List<DigestAlgorithm> algorithms) {
        this.realm = realm;
        this.nonces = nonces;
        this.algorithms = List.copyOf(algorithms);
    }

    public String realm() {
        return realm;
    }

    /** {@code WWW-Authenticate} values, one per algorithm in the configured order (RFC 8760 section 2.4). */
    public List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        List<String> values = new ArrayList<>();
        for (DigestAlgorithm algorithm : algorithms) {
            values.add("Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm="
                    + algorithm.sipName() + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
        }
        return values;
    }

    /**
     * Verifies {@code credentials} sent with a request of {@code method}; {@code account} is the
     * stored identity for the claimed username, empty when there is none.
     */
    public Outcome verify(String method, DigestCredentials credentials, Optional<SipAccount> account) {
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromSipName(credentials.algorithm());
        if (algorithm.isEmpty() || !algorithms.contains(algorithm.get()) || !realm.equals(credentials.realm())) {
            return new Outcome.Rejected();
        }
        String qop = credentials.qop();
        if (qop != null && !qop.equalsIgnoreCase("auth")) {
            return new Outcome.Rejected();
        }
        if (qop != null && (credentials.cnonce() == null || credentials.nonceCount() == null)) {
            return new Outcome.Rejected();
        }
        // Hash even for an unknown user so both cases cost the same.
        String ha1 = account.map(a -> algorithm.get() == DigestAlgorithm.MD5 ? a.ha1Md5() : a.ha1Sha256())
                .orElse(algorithm.get().hashHex("unknown:" + realm + ":" + credentials.nonce()));
        String expected = expectedResponse(algorithm.get(), ha1 == null ? "" : ha1, method, credentials);
        boolean matches = java.security.MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                credentials.response().toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (!matches || account.isEmpty() || ha1 == null || !realm.equals(account.get().realm())) {
            return new Outcome.Rejected();
        }
        return switch (nonces.check(credentials.nonce())) {
            case FRESH -> new Outcome.Accepted(account.get());
            case STALE -> new Outcome.Stale();
            case FORGED -> new Outcome.Rejected();
        };
    }

    static String expectedResponse(DigestAlgorithm algorithm, String ha1, String method, DigestCredentials c) {
        String ha2 = algorithm.hashHex(method + ":" + c.uri());
        if (c.qop() == null) {
            return algorithm.hashHex(ha1 + ":" + c.nonce() + ":" + ha2);
        }
        return algorithm.hashHex(ha1 + ":" + c.nonce() + ":" + c.nonceCount() + ":" + c.cnonce()
                + ":" + c.qop().toLowerCase(Locale.ROOT) + ":" + ha2);
    }
}
