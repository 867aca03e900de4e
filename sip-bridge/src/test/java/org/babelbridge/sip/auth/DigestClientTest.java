package org.babelbridge.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.babelbridge.sip.SipAccount;
import org.junit.jupiter.api.Test;

/** Our client answers to challenges pass our own registrar's check, for each algorithm. */
class DigestClientTest {

    private static final String REALM = "carrier";
    private final SipAccount account = new SipAccount(1, "bridge", REALM,
            DigestAlgorithm.MD5.ha1("bridge", REALM, "trunk-pw"), DigestAlgorithm.SHA_256.ha1("bridge", REALM, "trunk-pw"));

    @Test
    void answersMd5AndSha256ChallengesWithQopAuthSoThatTheyVerify() {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            DigestAuthenticator registrar = new DigestAuthenticator(REALM, new NonceIssuer(Clock.systemUTC(), 300_000),
                    List.of(algorithm));
            String challenge = registrar.challenges(false).get(0);
            String answer = DigestClient.answer(challenge, "REGISTER", "sip:127.0.0.1", "bridge", "trunk-pw", 1)
                    .orElseThrow();
            DigestCredentials credentials = DigestCredentials.parse(answer).orElseThrow();
            assertThat(registrar.verify("REGISTER", credentials, Optional.of(account)))
                    .as(algorithm.sipName()).isEqualTo(new DigestAuthenticator.Outcome.Accepted(account));
        }
    }

    @Test
    void aWrongPasswordDoesNotVerify() {
        DigestAuthenticator registrar = new DigestAuthenticator(REALM, new NonceIssuer(Clock.systemUTC(), 300_000),
                List.of(DigestAlgorithm.MD5));
        String answer = DigestClient.answer(registrar.challenges(false).get(0), "REGISTER", "sip:127.0.0.1", "bridge",
                "wrong", 1).orElseThrow();
        assertThat(registrar.verify("REGISTER", DigestCredentials.parse(answer).orElseThrow(), Optional.of(account)))
                .isEqualTo(new DigestAuthenticator.Outcome.Rejected());
    }

    @Test
    void refusesChallengesItCannotCompute() {
        assertThat(DigestClient.answer("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256", "REGISTER", "sip:x",
                "u", "p", 1)).isEmpty();
        assertThat(DigestClient.answer("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", "REGISTER", "sip:x", "u",
                "p", 1)).isEmpty();
        assertThat(DigestClient.answer("Digest nonce=\"n\"", "REGISTER", "sip:x", "u", "p", 1)).isEmpty();
        assertThat(DigestClient.answer("Basic realm=\"r\"", "REGISTER", "sip:x", "u", "p", 1)).isEmpty();
    }
}
