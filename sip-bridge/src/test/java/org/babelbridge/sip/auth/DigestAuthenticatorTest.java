package org.babelbridge.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.babelbridge.sip.SipAccount;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private static final String REALM = "babelbridge";
    private final MutableClock clock = new MutableClock();
    private final DigestAuthenticator authenticator = new DigestAuthenticator(REALM, new NonceIssuer(clock, 300_000),
            java.util.List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    private final SipAccount alice = new SipAccount(7, "alice", REALM,
            DigestAlgorithm.MD5.ha1("alice", REALM, "s3cret"), DigestAlgorithm.SHA_256.ha1("alice", REALM, "s3cret"));

    @Test
    void acceptsMd5ResponseWithQopAuth() {
        DigestCredentials c = respond(DigestAlgorithm.MD5, "alice", "s3cret", nonce());
        assertThat(authenticator.verify("REGISTER", c, Optional.of(alice)))
                .isEqualTo(new DigestAuthenticator.Outcome.Accepted(alice));
    }

    @Test
    void acceptsSha256Response() {
        DigestCredentials c = respond(DigestAlgorithm.SHA_256, "alice", "s3cret", nonce());
        assertThat(authenticator.verify("REGISTER", c, Optional.of(alice)))
                .isInstanceOf(DigestAuthenticator.Outcome.Accepted.class);
    }

    @Test
    void matchesTheRfc2617WorkedExample() {
        // RFC 2617 section 3.5: Mufasa / Circle Of Life, GET /dir/index.html.
        DigestCredentials c = DigestCredentials.parse("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001, "
                + "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\"").orElseThrow();
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(DigestAuthenticator.expectedResponse(DigestAlgorithm.MD5, ha1, "GET", c))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void answersWrongPasswordAndUnknownUserAlike() {
        String nonce = nonce();
        var wrongPassword = authenticator.verify("REGISTER",
                respond(DigestAlgorithm.MD5, "alice", "guess", nonce), Optional.of(alice));
        var unknownUser = authenticator.verify("REGISTER",
                respond(DigestAlgorithm.MD5, "mallory", "guess", nonce), Optional.empty());
        assertThat(wrongPassword).isEqualTo(unknownUser).isInstanceOf(DigestAuthenticator.Outcome.Rejected.class);
    }

    @Test
    void reportsExpiredNonceAsStaleNotWrong() {
        String nonce = nonce();
        clock.advance(Duration.ofSeconds(301));
        assertThat(authenticator.verify("REGISTER", respond(DigestAlgorithm.MD5, "alice", "s3cret", nonce),
                Optional.of(alice))).isInstanceOf(DigestAuthenticator.Outcome.Stale.class);
    }

    @Test
    void rejectsNonceItDidNotIssue() {
        String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(authenticator.verify("REGISTER", respond(DigestAlgorithm.MD5, "alice", "s3cret", forged),
                Optional.of(alice))).isInstanceOf(DigestAuthenticator.Outcome.Rejected.class);
    }

    @Test
    void rejectsResponseComputedForAnotherMethod() {
        DigestCredentials c = respond(DigestAlgorithm.MD5, "alice", "s3cret", nonce());
        assertThat(authenticator.verify("INVITE", c, Optional.of(alice)))
                .isInstanceOf(DigestAuthenticator.Outcome.Rejected.class);
    }

    @Test
    void challengesInConfiguredOrder() {
        assertThat(authenticator.challenges(false)).hasSize(2);
        assertThat(authenticator.challenges(false).get(0)).contains("algorithm=SHA-256").contains("qop=\"auth\"");
        assertThat(authenticator.challenges(false).get(1)).contains("algorithm=MD5");
        assertThat(authenticator.challenges(true).get(0)).contains("stale=true");
    }

    @Test
    void refusesAlgorithmNotConfigured() {
        DigestAuthenticator md5Only = new DigestAuthenticator(REALM, new NonceIssuer(clock, 300_000),
                java.util.List.of(DigestAlgorithm.MD5));
        String challenge = md5Only.challenges(false).get(0);
        int start = challenge.indexOf("nonce=\"") + 7;
        String nonce = challenge.substring(start, challenge.indexOf('"', start));
        assertThat(md5Only.verify("REGISTER", respond(DigestAlgorithm.SHA_256, "alice", "s3cret", nonce),
                Optional.of(alice))).isInstanceOf(DigestAuthenticator.Outcome.Rejected.class);
    }

    @Test
    void refusesMalformedAuthorizationHeaders() {
        assertThat(DigestCredentials.parse("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).isEmpty();
        assertThat(DigestCredentials.parse("Digest username=\"alice")).isEmpty();
        assertThat(DigestCredentials.parse("Digest username=alice, nonce=x")).isEmpty();
        assertThat(DigestCredentials.parse("Digest")).isEmpty();
        assertThat(DigestCredentials.parse(null)).isEmpty();
    }

    private String nonce() {
        String challenge = authenticator.challenges(false).get(0);
        int start = challenge.indexOf("nonce=\"") + 7;
        return challenge.substring(start, challenge.indexOf('"', start));
    }

    private static DigestCredentials respond(DigestAlgorithm algorithm, String user, String secret, String nonce) {
        String uri = "sip:babelbridge";
        String ha1 = algorithm.ha1(user, REALM, secret);
        String ha2 = algorithm.hashHex("REGISTER:" + uri);
        String response = algorithm.hashHex(ha1 + ":" + nonce + ":00000001:abcdef:auth:" + ha2);
        return new DigestCredentials(Map.of("username", user, "realm", REALM, "nonce", nonce, "uri", uri,
                "response", response, "algorithm", algorithm.sipName(), "qop", "auth", "nc", "00000001",
                "cnonce", "abcdef"));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
