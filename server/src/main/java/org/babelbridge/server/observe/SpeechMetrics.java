package org.babelbridge.server.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.babelbridge.speech.pipeline.EngineHealth;
import org.babelbridge.speech.pipeline.LocalEngineBudget;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.UtteranceEvent;

/**
 * Speech meters for {@code GET /metrics}: per-stage timers fed by every utterance event the application's
 * transcript sink receives ({@code babel_speech_stage_seconds{stage="queue_wait"|"stt"|"mt"|"tts_first_audio"}}),
 * and requests and errors per engine adapter, and the local engine budget (permits, busy, waiting, wait time),
 * registered when the engines are created. Recording is a few atomic updates on the speaker's pipeline thread.
 */
@Singleton
public final class SpeechMetrics implements BeanCreatedEventListener<OfflineEngines> {

    // A provider: the registry is built after the beans that report to it may have been created.
    private final Provider<MeterRegistry> registry;
    private volatile Timers timers;

    private record Timers(Timer queueWait, Timer stt, Timer mt, Timer ttsFirstAudio) {
    }

    SpeechMetrics(Provider<MeterRegistry> registry) {
        this.registry = registry;
    }

    /** Records the stage latencies of one utterance (MT and TTS once per listener language that got them). */
    public void record(UtteranceEvent event) {
        Timers t = timers();
        t.queueWait().record(Duration.ofMillis(Math.max(0, event.queueWaitMs())));
        t.stt().record(Duration.ofMillis(Math.max(0, event.sttFinalMs())));
        for (UtteranceEvent.ListenerTranslation translation : event.translations()) {
            t.mt().record(Duration.ofMillis(Math.max(0, translation.mtMs())));
            if (translation.ttsFirstAudioMs() >= 0) {
                t.ttsFirstAudio().record(Duration.ofMillis(translation.ttsFirstAudioMs()));
            }
        }
    }

    @Override
    public OfflineEngines onCreated(BeanCreatedEvent<OfflineEngines> event) {
        OfflineEngines engines = event.getBean();
        MeterRegistry meters = registry.get();
        for (Map.Entry<String, EngineHealth> adapter : engines.engineHealth().entrySet()) {
            String name = adapter.getKey();
            FunctionCounter.builder("babel.speech.engine.requests", engines, e -> health(e, name).calls())
                    .tag("adapter", name).description("requests that reached a speech engine adapter").register(meters);
            FunctionCounter.builder("babel.speech.engine.errors", engines, e -> health(e, name).failures())
                    .tag("adapter", name).description("speech engine requests that failed, threw or missed their deadline")
                    .register(meters);
            FunctionCounter.builder("babel.speech.engine.rejected", engines, e -> health(e, name).rejectedInBackoff())
                    .tag("adapter", name).description("requests refused at once while the adapter backed off")
                    .register(meters);
        }
        registerLocalEngineBudget(meters, engines.localEngineBudget());
        return engines;
    }

    private static void registerLocalEngineBudget(MeterRegistry meters, LocalEngineBudget budget) {
        Gauge.builder("babel.speech.local.engine.permits", budget, b -> b.stats().permits())
                .description("recognitions and syntheses allowed to compute at once on this machine's CPUs")
                .register(meters);
        Gauge.builder("babel.speech.local.engine.busy", budget, b -> b.stats().inUse())
                .description("local engine permits held now").register(meters);
        Gauge.builder("babel.speech.local.engine.waiting", budget, b -> b.stats().waiting())
                .description("recognition streams and syntheses waiting now for a local engine permit")
                .register(meters);
        FunctionTimer.builder("babel.speech.local.engine.wait", budget, b -> b.stats().completedWaits(),
                        b -> b.stats().totalWaitNanos(), TimeUnit.NANOSECONDS)
                .description("time each local engine request waited for its permit (counted in its stage deadline)")
                .register(meters);
        FunctionCounter.builder("babel.speech.local.engine.wait.interrupted", budget, b -> b.stats().interruptedWaits())
                .description("local engine requests whose stage deadline passed while they waited for a permit")
                .register(meters);
    }

    private static EngineHealth health(OfflineEngines engines, String adapter) {
        EngineHealth health = engines.engineHealth().get(adapter);
        return health != null ? health : new EngineHealth(adapter, 0, 0, 0, 0, 0);
    }

    private Timers timers() {
        Timers t = timers;
        if (t == null) {
            synchronized (this) {
                t = timers;
                if (t == null) {
                    MeterRegistry meters = registry.get();
                    t = new Timers(stage(meters, "queue_wait"), stage(meters, "stt"), stage(meters, "mt"),
                            stage(meters, "tts_first_audio"));
                    timers = t;
                }
            }
        }
        return t;
    }

    private static Timer stage(MeterRegistry meters, String stage) {
        return Timer.builder("babel.speech.stage").tag("stage", stage)
                .description("per-utterance speech stage latency: queue wait, STT final, MT, TTS first audio")
                .publishPercentiles(0.5, 0.95).register(meters);
    }
}
