package org.babelbridge.speech.pipeline;

/**
 * How a failing speech engine is retried ({@code speech.pipeline.backoff.*}).
 *
 * @param initialBackoffMs pause after the first failure; requests meanwhile fail at once
 * @param maxBackoffMs     the pause doubles with each consecutive failure up to this bound
 */
public record EngineBackoffConfig(long initialBackoffMs, long maxBackoffMs) {

    public static final EngineBackoffConfig DEFAULTS = new EngineBackoffConfig(1_000, 30_000);

    public EngineBackoffConfig {
        if (initialBackoffMs <= 0 || maxBackoffMs < initialBackoffMs) {
            throw new IllegalArgumentException("need 0 < initialBackoffMs <= maxBackoffMs");
        }
    }
}
