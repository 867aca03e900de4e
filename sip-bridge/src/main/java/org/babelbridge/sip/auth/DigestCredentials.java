package org.babelbridge.sip.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one {@code Authorization: Digest ...} header value, parsed without trusting it:
 * anything that is not a well-formed parameter list yields {@link Optional#empty()}.
 */
public record DigestCredentials(Map<String, String> parameters) {

    public DigestCredentials {
        parameters = Map.copyOf(parameters);
    }

    public String username() {
        return parameters.get("username");
    }

    public String realm() {
        return parameters.get("realm");
    }

    public String nonce() {
        return parameters.get("nonce");
    }

    public String uri() {
        return parameters.get("uri");
    }

    public String response() {
        return parameters.get("response");
    }

    public String algorithm() {
        return parameters.get("algorithm");
    }

    public String qop() {
        return parameters.get("qop");
    }

    public String cnonce() {
        return parameters.get("cnonce");
    }

    public String nonceCount() {
        return parameters.get("nc");
    }

    /** Parses {@code Digest a=b, c="d"}; parameter names are case-insensitive. */
    public static Optional<DigestCredentials> parse(String headerValue) {
        Optional<Map<String, String>> parsed = parameters(headerValue);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> parameters = parsed.get();
        if (!parameters.containsKey("username") || !parameters.containsKey("nonce")
                || !parameters.containsKey("response") || !parameters.containsKey("uri")) {
            return Optional.empty();
        }
        return Optional.of(new DigestCredentials(parameters));
    }

    /**
     * The parameters of any {@code Digest a=b, c="d"} value (credentials or a challenge), names in lower
     * case; empty when the value is not a well-formed parameter list.
     */
    static Optional<Map<String, String>> parameters(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String value = headerValue.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Digest", 0, 6)
                || !Character.isWhitespace(value.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 7;
        int n = value.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            i = eq + 1;
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            String parsed;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < n) {
                        quoted.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        quoted.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                parsed = quoted.toString();
            } else {
                int end = i;
                while (end < n && value.charAt(end) != ',') {
                    end++;
                }
                parsed = value.substring(i, end).trim();
                i = end;
            }
            parameters.put(name, parsed);
        }
        return Optional.of(parameters);
    }
}
