package org.babelbridge.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    private final DigestAuthenticatorTest.MutableClock clock = new DigestAuthenticatorTest.MutableClock();
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(clock, 3, 60_000);

    @Test
    void blocksSourceAfterTooManyFailuresWithinWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.isBlocked("10.0.0.1")).isFalse();
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.isBlocked("10.0.0.1")).isTrue();
        assertThat(limiter.isBlocked("10.0.0.2")).isFalse();
    }

    @Test
    void forgetsFailuresOlderThanWindow() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.isBlocked("10.0.0.1")).isFalse();
    }
}
