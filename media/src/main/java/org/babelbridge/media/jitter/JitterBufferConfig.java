package org.babelbridge.media.jitter;

/**
 * Jitter buffer limits. {@code minDelayMs}/{@code maxDelayMs} bound the playout delay (multiples of
 * 20 ms); the delay starts at the minimum, grows when packets come late or measured jitter rises,
 * and shrinks back one frame at a time once every recent packet had a frame to spare (in a pause when one
 * comes, else within continuous speech).
 * {@code silenceLevel} is the mean absolute sample value under which a frame counts as silence.
 */
public record JitterBufferConfig(int minDelayMs, int maxDelayMs, int silenceLevel, int shrinkWindowPackets) {

    public JitterBufferConfig {
        if (minDelayMs < 20 || maxDelayMs < minDelayMs || maxDelayMs > 1000
                || minDelayMs % 20 != 0 || maxDelayMs % 20 != 0) {
            throw new IllegalArgumentException("jitter delays must be multiples of 20 ms with 20 <= min <= max"
                    + " <= 1000, got min=" + minDelayMs + " max=" + maxDelayMs);
        }
        if (silenceLevel < 0 || shrinkWindowPackets < 1) {
            throw new IllegalArgumentException("silenceLevel >= 0 and shrinkWindowPackets >= 1 required");
        }
    }

    public static JitterBufferConfig of(int minDelayMs, int maxDelayMs) {
        return new JitterBufferConfig(minDelayMs, maxDelayMs, 100, 100);
    }
}
