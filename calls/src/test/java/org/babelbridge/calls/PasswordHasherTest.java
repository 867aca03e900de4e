package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1));

    @Test
    void verifiesTheRightPasswordAndRejectsAnyOther() {
        String hash = hasher.hash("s3cret password");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("s3cret password", hash)).isTrue();
        assertThat(hasher.verify("s3cret passwore", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    @Test
    void verifiesHashesMadeWithOtherCosts() {
        String older = new PasswordHasher(new PasswordHasher.Cost(2048, 2, 1)).hash("pw");
        assertThat(hasher.verify("pw", older)).isTrue();
    }

    @Test
    void neverMatchesAMalformedHash() {
        assertThat(hasher.verify("pw", "")).isFalse();
        assertThat(hasher.verify("pw", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")).isFalse();
        assertThat(hasher.verify("pw", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("pw", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA")).isFalse();
    }
}
