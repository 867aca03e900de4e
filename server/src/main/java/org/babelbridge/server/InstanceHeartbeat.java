package org.babelbridge.server;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.InstanceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's heartbeat every 10 s and ends the calls of instances sharing the database that have been
 * silent for {@code babel.instance-silent-seconds} (default 60): their media died with them, and their
 * participants must not stay busy. It judges others only after its own heartbeats have gone through for that
 * long, so that returning from a database outage everyone had does not look like everyone else dying.
 */
@Singleton
class InstanceHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeartbeat.class);

    private final InstanceRegistry registry;
    private final CallService calls;
    private final Clock clock;
    private final Duration silentFor;
    private Instant beatingSince;

    InstanceHeartbeat(InstanceRegistry registry, CallService calls, Clock clock,
                      @Value("${babel.instance-silent-seconds:60}") int silentSeconds) {
        this.registry = registry;
        this.calls = calls;
        this.clock = clock;
        this.silentFor = Duration.ofSeconds(Math.max(20, silentSeconds));
    }

    @Scheduled(fixedDelay = "10s", initialDelay = "1s")
    synchronized void beat() {
        try {
            registry.beat();
            Instant now = clock.instant();
            if (beatingSince == null) {
                beatingSince = now;
            }
            if (Duration.between(beatingSince, now).compareTo(silentFor) >= 0) {
                for (String silent : registry.silentInstances(silentFor)) {
                    calls.endCallsOf(silent);
                }
            }
        } catch (RuntimeException e) {
            beatingSince = null;
            LOG.warn("instance heartbeat failed: {}", e.toString());
        }
    }
}
