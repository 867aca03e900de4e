package org.babelbridge.server.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Figures of one bench run. Latencies in ms; CPU in percent of one core per leg (process: everything in
 * the JVM including speech engines and the simulated phones; media: the media clock's tick work only).
 */
record BenchResult(int parties, int calls, String languages, long passthroughSamples, double passthroughP50Ms,
                   double passthroughP99Ms, List<Dubbed> dubbed, int dubbedMissed, long lateFrames,
                   long packetsReceived, double jitterDepthAvgMs, int jitterDepthMaxMs, double processCpuPerLegPercent,
                   double mediaCpuPerLegPercent, double heapAfterGcMb) {

    static final double MAX_LATE_PERCENT = 0.1;
    static final double MAX_DUBBED_P95_MS = 1200;

    /**
     * End of a prompt to the first dubbed audio at one listener, split: VAD (prompt end to utterance
     * handed to the pipeline), queue wait (for the speaker's pipeline worker), STT final, MT, TTS first audio,
     * and the rest (mixing, jitter buffer, the phone's receive path).
     */
    record Dubbed(double totalMs, double vadMs, double queueMs, double sttMs, double mtMs, double ttsMs) {
        double restMs() {
            return totalMs - vadMs - queueMs - sttMs - mtMs - ttsMs;
        }
    }

    int legs() {
        return parties * calls;
    }

    double latePercent() {
        return packetsReceived == 0 ? 0 : 100.0 * lateFrames / packetsReceived;
    }

    double dubbedPercentile(double p) {
        return percentile(Dubbed::totalMs, p);
    }

    double percentile(ToDoubleFunction<Dubbed> field, double p) {
        double[] values = dubbed.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, index))];
    }

    double[] sortedDubbedMs() {
        double[] values = dubbed.stream().mapToDouble(Dubbed::totalMs).toArray();
        Arrays.sort(values);
        return values;
    }

    /** Late frames at most 0.1 %, dubbed p95 at most 1.2 s, and every prompt dubbed to every listener. */
    boolean meetsTargets() {
        boolean dubbingNeeded = dubbed.size() + dubbedMissed > 0;
        return latePercent() <= MAX_LATE_PERCENT && dubbedMissed == 0
                && (!dubbingNeeded || dubbedPercentile(95) <= MAX_DUBBED_P95_MS);
    }
}
