package org.babelbridge.speech.pipeline;

import java.time.Clock;
import java.util.Objects;

/**
 * Failure accounting and retry backoff for one engine adapter, shared by every call. After a
 * failure the engine is left alone for a pause that doubles per consecutive failure; when the
 * pause is over one request at a time is let through as a probe, and a success closes the backoff.
 * Thread-safe.
 */
public final class EngineGuard {

    private final String adapter;
    private final EngineBackoffConfig config;
    private final Clock clock;
    private long calls;
    private long failures;
    private long rejected;
    private int consecutiveFailures;
    private long retryAtMs;
    private boolean probing;

    public EngineGuard(String adapter, EngineBackoffConfig config, Clock clock) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String adapter() {
        return adapter;
    }

    /** Whether a request may go to the engine now; a refused request is counted. */
    public synchronized boolean admit() {
        if (consecutiveFailures > 0 && (probing || clock.millis() < retryAtMs)) {
            rejected++;
            return false;
        }
        if (consecutiveFailures > 0) {
            probing = true; // only one probe while the engine is suspect
        }
        calls++;
        return true;
    }

    public synchronized void succeeded() {
        consecutiveFailures = 0;
        retryAtMs = 0;
        probing = false;
    }

    /**
     * An admitted request gave up before the engine was asked (it was still waiting for the machine's
     * engine budget): neither a success nor a failure, but it no longer holds the probe.
     */
    public synchronized void notStarted() {
        probing = false;
    }

    public synchronized void failed() {
        failures++;
        consecutiveFailures++;
        probing = false;
        long backoffMs = config.initialBackoffMs() << Math.min(consecutiveFailures - 1, 20);
        retryAtMs = clock.millis() + Math.min(backoffMs, config.maxBackoffMs());
    }

    /** Milliseconds until the next retry, for error messages. */
    synchronized long retryInMs() {
        return Math.max(0, retryAtMs - clock.millis());
    }

    public synchronized EngineHealth health() {
        return new EngineHealth(adapter, calls, failures, rejected, consecutiveFailures, retryAtMs);
    }
}
