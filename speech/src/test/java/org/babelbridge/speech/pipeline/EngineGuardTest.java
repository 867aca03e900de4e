package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EngineGuardTest {

    private final StepClock clock = new StepClock();
    private final EngineGuard guard = new EngineGuard("mt", new EngineBackoffConfig(1_000, 3_000), clock);

    @Test
    void refusesRequestsDuringABackoffThatDoublesPerConsecutiveFailureUpToItsBound() {
        assertThat(guard.admit()).isTrue();
        guard.failed();
        assertThat(guard.admit()).isFalse();
        clock.advance(999);
        assertThat(guard.admit()).isFalse();
        clock.advance(1);
        assertThat(guard.admit()).isTrue(); // the probe
        guard.failed();
        clock.advance(1_999);
        assertThat(guard.admit()).isFalse();
        clock.advance(1);
        assertThat(guard.admit()).isTrue();
        guard.failed();
        clock.advance(3_000); // 4 s would be next, bounded to 3 s
        assertThat(guard.admit()).isTrue();

        EngineHealth health = guard.health();
        assertThat(health.failures()).isEqualTo(3);
        assertThat(health.calls()).isEqualTo(4);
        assertThat(health.rejectedInBackoff()).isEqualTo(3);
        assertThat(health.backingOff()).isTrue();
    }

    @Test
    void letsOnlyOneProbeThroughAndASuccessEndsTheBackoff() {
        guard.admit();
        guard.failed();
        clock.advance(1_000);
        assertThat(guard.admit()).isTrue();
        assertThat(guard.admit()).isFalse(); // the probe is still out

        guard.succeeded();

        assertThat(guard.admit()).isTrue();
        assertThat(guard.admit()).isTrue();
        assertThat(guard.health().backingOff()).isFalse();
        assertThat(guard.health().consecutiveFailures()).isZero();
    }

    /** A clock the test moves by hand. */
    static final class StepClock extends Clock {
        private volatile long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
