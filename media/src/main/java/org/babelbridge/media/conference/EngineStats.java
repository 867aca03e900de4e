package org.babelbridge.media.conference;

/**
 * A snapshot of the engine: open legs and calls, ticks run and late/skipped over all ticker threads,
 * time spent in ticks, and the added latency (packet received to the same audio sent) percentiles.
 */
public record EngineStats(int openLegs, int calls, long ticks, long lateTicks, long skippedTicks, long tickBusyNanos,
                          long latencySamples, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs) {
}
