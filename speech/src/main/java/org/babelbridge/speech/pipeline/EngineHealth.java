package org.babelbridge.speech.pipeline;

/**
 * Counters and state of one guarded speech engine adapter.
 *
 * @param adapter             the adapter's name (its class's simple name)
 * @param calls               requests that reached the engine
 * @param failures            requests that failed, threw or were interrupted at their deadline
 * @param rejectedInBackoff   requests refused at once because the engine was backing off
 * @param consecutiveFailures failures since the last success
 * @param retryAtMs           clock time from which the engine is tried again; 0 when healthy
 */
public record EngineHealth(String adapter, long calls, long failures, long rejectedInBackoff,
                           int consecutiveFailures, long retryAtMs) {

    public boolean backingOff() {
        return consecutiveFailures > 0;
    }
}
