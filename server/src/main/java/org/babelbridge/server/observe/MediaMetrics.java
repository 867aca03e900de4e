package org.babelbridge.server.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.CallStats;
import org.babelbridge.media.conference.EngineStats;
import org.babelbridge.media.conference.LegStats;
import org.babelbridge.media.conference.MediaEngine;

/**
 * Exposes the counters the media engine and the transcript recorder already keep as Micrometer meters
 * (scraped at {@code GET /metrics}): active calls and legs, media ticks (late, skipped), receive-to-send
 * latency, packets dropped by reason, jitter-buffer depth and dubbed backlog over the open calls, transcript
 * rows by outcome and the transcript queue and spool. Reads counters only, at scrape time; nothing is added to the media path.
 */
@Singleton
final class MediaMetrics implements MeterBinder {

    /** Per-leg sums over the open calls, computed at most once per scrape burst. */
    record Snapshot(long nanos, long malformed, long unknownPayload, long late, long lost, long dubbedDroppedMs,
                    double maxPlayoutDelayMs, double maxJitterMs, long dubbedBacklogMs, long maxDubbedBacklogMs) {
    }

    private static final long SNAPSHOT_TTL_NANOS = 1_000_000_000L;

    // Providers: meter binders are created with the meter registry, before the data source the recorder needs.
    private final Provider<MediaEngine> engine;
    private final Provider<TranscriptRecorder> transcripts;
    private volatile Snapshot snapshot;
    private volatile EngineStats engineStats;
    private volatile long engineStatsNanos;

    MediaMetrics(Provider<MediaEngine> engine, Provider<TranscriptRecorder> transcripts) {
        this.engine = engine;
        this.transcripts = transcripts;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("babel.calls.active", this, m -> m.engine().calls())
                .description("calls with media running").strongReference(true).register(registry);
        Gauge.builder("babel.media.legs.open", this, m -> m.engine().openLegs())
                .description("open RTP legs").strongReference(true).register(registry);
        Gauge.builder("babel.media.threads.realtime", this, m -> m.engine.get().realtimeThreads())
                .description("media threads running under real-time scheduling (babel.media.realtime-priority)")
                .strongReference(true).register(registry);
        counter(registry, "babel.media.ticks", "media clock ticks run", m -> m.engine().ticks());
        counter(registry, "babel.media.ticks.late", "media ticks started after their deadline",
                m -> m.engine().lateTicks());
        counter(registry, "babel.media.ticks.skipped", "media ticks skipped to catch up", m -> m.engine().skippedTicks());
        Gauge.builder("babel.media.added.latency", this, m -> m.engine().latencyP50Ms()).tag("quantile", "0.5")
                .baseUnit("milliseconds").description("packet received to the same audio sent").strongReference(true).register(registry);
        Gauge.builder("babel.media.added.latency", this, m -> m.engine().latencyP99Ms()).tag("quantile", "0.99")
                .baseUnit("milliseconds").description("packet received to the same audio sent").strongReference(true).register(registry);
        drops(registry, "malformed", Snapshot::malformed);
        drops(registry, "unknown_payload", Snapshot::unknownPayload);
        drops(registry, "late", Snapshot::late);
        drops(registry, "lost", Snapshot::lost);
        Gauge.builder("babel.media.dubbed.dropped", this, m -> m.legs().dubbedDroppedMs()).baseUnit("milliseconds")
                .description("dubbed audio dropped for a full listener backlog, open calls").strongReference(true).register(registry);
        Gauge.builder("babel.media.jitter.buffer.delay.max", this, m -> m.legs().maxPlayoutDelayMs())
                .baseUnit("milliseconds").description("deepest jitter-buffer playout delay over open legs")
                .strongReference(true).register(registry);
        Gauge.builder("babel.media.jitter.max", this, m -> m.legs().maxJitterMs()).baseUnit("milliseconds")
                .description("highest RFC 3550 interarrival jitter over open legs").strongReference(true).register(registry);
        Gauge.builder("babel.dubbing.backlog", this, m -> m.legs().dubbedBacklogMs()).baseUnit("milliseconds")
                .description("dubbed audio queued for listeners to hear, summed over the listeners of open calls")
                .strongReference(true).register(registry);
        Gauge.builder("babel.dubbing.backlog.max", this, m -> m.legs().maxDubbedBacklogMs()).baseUnit("milliseconds")
                .description("dubbed audio queued for the most backlogged listener of the open calls")
                .strongReference(true).register(registry);
        Gauge.builder("babel.transcripts.queued", this, m -> m.transcripts.get().queuedCount())
                .description("transcript entries waiting in memory for the database writer").strongReference(true)
                .register(registry);
        Gauge.builder("babel.transcripts.spool", this, m -> m.transcripts.get().spoolBytes()).baseUnit("bytes")
                .description("size of the on-disk transcript spool (entries waiting for the database)")
                .strongReference(true).register(registry);
        FunctionCounter.builder("babel.transcripts", this, m -> m.transcripts.get().writtenCount())
                .tag("outcome", "written").description("transcript rows by outcome")
                .register(registry);
        FunctionCounter.builder("babel.transcripts", this, m -> m.transcripts.get().spooledCount())
                .tag("outcome", "spooled").description("transcript rows by outcome")
                .register(registry);
        FunctionCounter.builder("babel.transcripts", this, m -> m.transcripts.get().droppedCount())
                .tag("outcome", "dropped").description("transcript rows by outcome")
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<MediaMetrics> f) {
        FunctionCounter.builder(name, this, f).description(description).register(registry);
    }

    private void drops(MeterRegistry registry, String reason, ToDoubleFunction<Snapshot> f) {
        Gauge.builder("babel.media.packets.dropped", this, m -> f.applyAsDouble(m.legs())).tag("reason", reason)
                .description("RTP packets dropped or missing on the legs of open calls, by reason").strongReference(true).register(registry);
    }

    EngineStats engine() {
        long now = System.nanoTime();
        EngineStats stats = engineStats;
        if (stats == null || now - engineStatsNanos > SNAPSHOT_TTL_NANOS) {
            stats = engine.get().stats();
            engineStats = stats;
            engineStatsNanos = now;
        }
        return stats;
    }

    Snapshot legs() {
        long now = System.nanoTime();
        Snapshot current = snapshot;
        if (current != null && now - current.nanos() <= SNAPSHOT_TTL_NANOS) {
            return current;
        }
        long malformed = 0;
        long unknown = 0;
        long late = 0;
        long lost = 0;
        long dubbedDropped = 0;
        double maxDelay = 0;
        double maxJitter = 0;
        long backlog = 0;
        long maxBacklog = 0;
        for (CallMedia call : engine.get().openCalls()) {
            for (int ms : call.dubbedBacklogMs().values()) {
                backlog += ms;
                maxBacklog = Math.max(maxBacklog, ms);
            }
        }
        for (CallStats call : engine.get().callStats()) {
            dubbedDropped += call.dubbedDroppedMs();
            for (LegStats leg : call.legs()) {
                malformed += leg.malformed();
                unknown += leg.unknownPayload();
                late += leg.late();
                lost += Math.max(0, leg.cumulativeLost());
                maxDelay = Math.max(maxDelay, leg.playoutDelayMs());
                maxJitter = Math.max(maxJitter, leg.jitterMs());
            }
        }
        current = new Snapshot(now, malformed, unknown, late, lost, dubbedDropped, maxDelay, maxJitter, backlog,
                maxBacklog);
        snapshot = current;
        return current;
    }
}
