package org.babelbridge.media.conference;

import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.mix.MixerConfig;

/**
 * Settings of the media engine.
 *
 * @param bindAddress          local address RTP sockets bind to (e.g. {@code 0.0.0.0} or a NIC address)
 * @param rtpPortMin           lowest RTP port (even ports are used, as RFC 3550 recommends)
 * @param rtpPortMax           highest RTP port
 * @param tickerThreads        media threads shared by all legs and calls (about one per core)
 * @param jitterMinMs          jitter buffer minimum playout delay (multiple of 20)
 * @param jitterMaxMs          jitter buffer maximum playout delay (multiple of 20)
 * @param duckingDb            level of a dubbed speaker's original under the dubbed speech; 0 = original off
 * @param dubbedBacklogMaxMs   dubbed audio queued per listener before the oldest is dropped
 * @param tickLateThresholdMs  a tick starting later than this after its deadline counts as late
 * @param maxParticipantsPerCall participants a call can hold
 * @param relatchPackets       consecutive packets from a new source before symmetric RTP follows it
 * @param realtimePriority     1-99: media threads run under the kernel's round-robin real-time scheduler
 *                             at this priority when the process may (root or CAP_SYS_NICE), as Asterisk's
 *                             {@code -p} does, so speech engines and other work cannot delay a tick;
 *                             0: ordinary scheduling
 */
public record MediaEngineConfig(String bindAddress, int rtpPortMin, int rtpPortMax, int tickerThreads,
                                int jitterMinMs, int jitterMaxMs, double duckingDb, int dubbedBacklogMaxMs,
                                int tickLateThresholdMs, int maxParticipantsPerCall, int relatchPackets,
                                int realtimePriority) {

    public MediaEngineConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is required");
        }
        if (rtpPortMin < 1024 || rtpPortMax > 65_535 || rtpPortMax < rtpPortMin + 1) {
            throw new IllegalArgumentException("rtpPortMin/rtpPortMax must span at least 2 ports within 1024..65535, got "
                    + rtpPortMin + ".." + rtpPortMax);
        }
        if (tickerThreads < 1 || tickerThreads > 64) {
            throw new IllegalArgumentException("tickerThreads must be in 1..64: " + tickerThreads);
        }
        if (tickLateThresholdMs < 0 || tickLateThresholdMs >= 20) {
            throw new IllegalArgumentException("tickLateThresholdMs must be in 0..19: " + tickLateThresholdMs);
        }
        if (maxParticipantsPerCall < 2 || maxParticipantsPerCall > 16) {
            throw new IllegalArgumentException("maxParticipantsPerCall must be in 2..16: " + maxParticipantsPerCall);
        }
        if (relatchPackets < 1) {
            throw new IllegalArgumentException("relatchPackets must be >= 1: " + relatchPackets);
        }
        if (realtimePriority < 0 || realtimePriority > 99) {
            throw new IllegalArgumentException("realtimePriority must be in 0..99: " + realtimePriority);
        }
        jitterConfig(jitterMinMs, jitterMaxMs);
        new MixerConfig(duckingDb, dubbedBacklogMaxMs);
    }

    /**
     * Defaults: all interfaces, ports 10000-20000, 2 threads, jitter 20-200 ms, -15 dB, 4 s backlog,
     * real-time priority 10 where permitted.
     */
    public static MediaEngineConfig defaults() {
        return new MediaEngineConfig("0.0.0.0", 10_000, 20_000, 2, 20, 200, -15, 4000, 5, 4, 3, 10);
    }

    public MediaEngineConfig withRealtimePriority(int priority) {
        return new MediaEngineConfig(bindAddress, rtpPortMin, rtpPortMax, tickerThreads, jitterMinMs, jitterMaxMs,
                duckingDb, dubbedBacklogMaxMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets, priority);
    }

    public MediaEngineConfig withPorts(int min, int max) {
        return new MediaEngineConfig(bindAddress, min, max, tickerThreads, jitterMinMs, jitterMaxMs, duckingDb,
                dubbedBacklogMaxMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets,
                realtimePriority);
    }

    public MediaEngineConfig withBindAddress(String address) {
        return new MediaEngineConfig(address, rtpPortMin, rtpPortMax, tickerThreads, jitterMinMs, jitterMaxMs,
                duckingDb, dubbedBacklogMaxMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets,
                realtimePriority);
    }

    public MediaEngineConfig withTickerThreads(int threads) {
        return new MediaEngineConfig(bindAddress, rtpPortMin, rtpPortMax, threads, jitterMinMs, jitterMaxMs,
                duckingDb, dubbedBacklogMaxMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets,
                realtimePriority);
    }

    public MediaEngineConfig withJitter(int minMs, int maxMs) {
        return new MediaEngineConfig(bindAddress, rtpPortMin, rtpPortMax, tickerThreads, minMs, maxMs, duckingDb,
                dubbedBacklogMaxMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets,
                realtimePriority);
    }

    public MediaEngineConfig withMixer(double ducking, int backlogMs) {
        return new MediaEngineConfig(bindAddress, rtpPortMin, rtpPortMax, tickerThreads, jitterMinMs, jitterMaxMs,
                ducking, backlogMs, tickLateThresholdMs, maxParticipantsPerCall, relatchPackets,
                realtimePriority);
    }

    public JitterBufferConfig jitterBufferConfig() {
        return jitterConfig(jitterMinMs, jitterMaxMs);
    }

    public MixerConfig mixerConfig() {
        return new MixerConfig(duckingDb, dubbedBacklogMaxMs);
    }

    private static JitterBufferConfig jitterConfig(int min, int max) {
        return JitterBufferConfig.of(min, max);
    }
}
