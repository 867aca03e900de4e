package org.babelbridge.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of digest authentication (RFC 2617 / 7616 / 8760): answers a {@code WWW-Authenticate}
 * or {@code Proxy-Authenticate} challenge of a trunk with an {@code Authorization} value, for MD5 or
 * SHA-256, with {@code qop=auth} when offered. Thread-safe.
 */
public final class DigestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestClient() {
    }

    /**
     * The credentials answering {@code challenge} for a request of {@code method} to {@code uri}; empty
     * when the challenge is malformed or names an algorithm or qop this side cannot compute.
     */
    public static Optional<String> answer(String challenge, String method, String uri, String username,
                                          String password, int nonceCount) {
        Optional<Map<String, String>> parsed = DigestCredentials.parameters(challenge);
        if (parsed.isEmpty() || parsed.get().get("nonce") == null || parsed.get().get("realm") == null) {
            return Optional.empty();
        }
        Map<String, String> c = parsed.get();
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromSipName(c.get("algorithm"));
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        String qop = c.get("qop");
        boolean auth = false;
        if (qop != null) {
            for (String option : qop.split(",")) {
                auth |= option.trim().toLowerCase(Locale.ROOT).equals("auth");
            }
            if (!auth) {
                return Optional.empty();
            }
        }
        DigestAlgorithm a = algorithm.get();
        String realm = c.get("realm");
        String nonce = c.get("nonce");
        String ha1 = a.ha1(username, realm, password);
        String ha2 = a.hashHex(method + ":" + uri);
        StringBuilder header = new StringBuilder("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(realm)).append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri)).append("\", algorithm=").append(a.sipName());
        String response;
        if (auth) {
            byte[] bytes = new byte[8];
            RANDOM.nextBytes(bytes);
            String cnonce = HexFormat.of().formatHex(bytes);
            String nc = String.format(Locale.ROOT, "%08x", nonceCount);
            response = a.hashHex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        } else {
            response = a.hashHex(ha1 + ":" + nonce + ":" + ha2);
        }
        header.append(", response=\"").append(response).append('"');
        if (c.get("opaque") != null) {
            header.append(", opaque=\"").append(quote(c.get("opaque"))).append('"');
        }
        return Optional.of(header.toString());
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
