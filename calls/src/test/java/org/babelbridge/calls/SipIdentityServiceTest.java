package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SipIdentityServiceTest {

    private static final CallsContext CTX = new CallsContext(java.util.Map.of("babel.sip.realm", "bridge.test"));
    private final SipIdentityService sip = CTX.context.getBean(SipIdentityService.class);

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void storesOnlyDigestsOfTheSecretAndFindsThemByUsername() {
        UserAccount u = CTX.user("Sip User", Language.EN);
        SipSecret secret = sip.issueSipSecret(u.id());
        assertThat(secret.realm()).isEqualTo("bridge.test");
        assertThat(secret.secret()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(secret.sipUsername()).matches("[a-z0-9][a-z0-9._-]+").endsWith("-" + u.id());

        SipCredentials creds = sip.findSipCredentials(secret.sipUsername()).orElseThrow();
        assertThat(creds.userId()).isEqualTo(u.id());
        assertThat(creds.realm()).isEqualTo("bridge.test");
        assertThat(creds.ha1Md5()).isEqualTo(SipIdentityService.ha1("MD5", secret.sipUsername(), "bridge.test",
                secret.secret())).hasSize(32);
        assertThat(creds.ha1Sha256()).isEqualTo(SipIdentityService.ha1("SHA-256", secret.sipUsername(),
                "bridge.test", secret.secret())).hasSize(64);
    }

    @Test
    void computesTheRfc2617DigestHa1() {
        // RFC 2617 §3.5 example: Mufasa / testrealm@host.com / Circle Of Life
        assertThat(SipIdentityService.ha1("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life"))
                .isEqualTo("939e7578ed9e3c518a452acee763bce9");
    }

    @Test
    void rotatingKeepsTheUsernameAndInvalidatesTheOldSecret() {
        UserAccount u = CTX.user("Rotator", Language.HE);
        SipSecret first = sip.issueSipSecret(u.id());
        SipSecret second = sip.issueSipSecret(u.id());
        assertThat(second.sipUsername()).isEqualTo(first.sipUsername());
        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertThat(sip.findSipCredentials(first.sipUsername()).orElseThrow().ha1Md5())
                .isEqualTo(SipIdentityService.ha1("MD5", second.sipUsername(), "bridge.test", second.secret()));
    }

    @Test
    void findsNothingForUnknownOrMalformedNames() {
        assertThat(sip.findSipCredentials("nobody-999999")).isEmpty();
        assertThat(sip.findSipCredentials("' OR 1=1 --")).isEmpty();
        assertThat(sip.findSipCredentials("")).isEmpty();
        UserAccount noSecret = CTX.user("NoSecret", Language.RU);
        assertThat(sip.findSipCredentials("nosecret-" + noSecret.id())).isEmpty();
    }
}
