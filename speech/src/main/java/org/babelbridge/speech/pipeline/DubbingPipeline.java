package org.babelbridge.speech.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.mix.DubbedAudioSink;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.media.vad.UtteranceListener;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dubs one call: each utterance is recognised from the speaker's original audio in the speaker's
 * language, translated once per distinct listener language that differs from it, spoken in the
 * speaker's voice (clone or shaped standard voice) and queued to every listener of that language.
 * Listeners of the speaker's language get nothing here: the mixer passes the original through.
 *
 * <p>Threads: {@link #onUtterance} returns at once (called on a media thread). Each speaker has
 * one serial worker fed by a bounded queue, so a speaker's utterances are dubbed and reported in
 * order; when the queue is full the oldest waiting utterance is dropped and counted. Engine calls
 * run on a separate pool so that each stage can be held to its deadline.
 *
 * <p>When the speaker pauses ({@link #onPause}), the utterance so far is already being recognised on
 * that pool; if the pause becomes the utterance's end, its worker takes that recognition instead of
 * starting one, so the end-of-speech silence and the recognition overlap.
 *
 * <p>Log lines written while an utterance is dubbed (here and in the engines) carry the MDC keys
 * {@code callId}, {@code participantId} (the speaker) and {@code stage} ({@code queue}, {@code stt},
 * {@code mt}, {@code tts}).
 */
public final class DubbingPipeline implements UtteranceListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DubbingPipeline.class);

    /** MDC keys set on the pipeline's threads while an utterance is dubbed. */
    public static final String MDC_CALL_ID = "callId";
    public static final String MDC_PARTICIPANT_ID = "participantId";
    public static final String MDC_STAGE = "stage";

    private final String callId;
    private final SpeechEngines engines;
    private final DubbedAudioSink sink;
    private final UtteranceEventListener events;
    private final DubbingConfig config;
    private final Clock clock;
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    private final Map<String, ThreadPoolExecutor> speakerWorkers = new ConcurrentHashMap<>();
    private final ExecutorService engineCalls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unrecognized = new AtomicLong();
    private final AtomicLong stageFailures = new AtomicLong();
    private final AtomicLong untranslated = new AtomicLong();
    private final AtomicLong dubbed = new AtomicLong();
    private final AtomicLong backlogSkips = new AtomicLong();
    private final AtomicLong pauseRecognitionsUsed = new AtomicLong();
    private final AtomicLong pauseRecognitionsWasted = new AtomicLong();
    private final AtomicLong pauseRecognitionsSkipped = new AtomicLong();
    /** Per speaker, the recognition started at their latest pause. */
    private final Map<String, PauseRecognition> pauseRecognitions = new ConcurrentHashMap<>();
    // When each listener's queued dubbed audio will have played out, assuming real-time playout.
    private final Map<String, Long> backlogEndMs = new ConcurrentHashMap<>();

    public DubbingPipeline(String callId, Collection<Participant> participants, SpeechEngines engines,
                           DubbedAudioSink sink, UtteranceEventListener events, DubbingConfig config, Clock clock) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.events = Objects.requireNonNull(events, "events");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        AtomicInteger engineThreads = new AtomicInteger();
        this.engineCalls = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "dubbing-" + callId + "-engine-" + engineThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        participants.forEach(this::addParticipant);
    }

    /** Adds (or replaces) a participant; they are heard and dubbed from their next utterance on. */
    public void addParticipant(Participant participant) {
        Objects.requireNonNull(participant, "participant");
        if (closed.get()) {
            throw new IllegalStateException("dubbing pipeline of call " + callId + " is closed");
        }
        if (!engines.recognizers().containsKey(participant.language())) {
            LOG.warn("call {}: no speech recogniser for {}; speech of participant {} will not be"
                    + " translated (configure speech.stt for this language)", callId, participant.language().code(),
                    participant.id());
        }
        participants.put(participant.id(), participant);
    }

    /** Removes a participant: their waiting utterances are dropped and they receive no more dubbing. */
    public void removeParticipant(String participantId) {
        participants.remove(participantId);
        backlogEndMs.remove(participantId);
        discard(pauseRecognitions.remove(participantId));
        ThreadPoolExecutor worker = speakerWorkers.remove(participantId);
        if (worker != null) {
            dropped.addAndGet(worker.getQueue().size());
            worker.shutdownNow();
        }
    }

    /**
     * Starts recognising the utterance so far on the engine pool and returns at once (called on a media
     * thread). A recognition started at the speaker's previous pause is stale now and is cancelled.
     */
    @Override
    public void onPause(Utterance soFar) {
        Participant speaker = participants.get(soFar.speakerId());
        SpeechRecognizer recognizer = speaker == null ? null : engines.recognizers().get(speaker.language());
        if (!config.recogniseOnPause() || closed.get() || recognizer == null) {
            return;
        }
        if (!recognizer.idleNow()) {
            // Engines busy with needed work: a recognition that may be wasted would only delay it.
            pauseRecognitionsSkipped.incrementAndGet();
            discard(pauseRecognitions.remove(soFar.speakerId()));
            return;
        }
        Map<String, String> logContext = Map.of(MDC_CALL_ID, callId, MDC_PARTICIPANT_ID, speaker.id(), MDC_STAGE, "stt");
        Future<Transcript> transcript;
        try {
            transcript = engineCalls.submit(withLogContext(logContext,
                    () -> Recognition.recognize(recognizer, speaker.language(), soFar.pcm(), RecognitionListener.NONE)));
        } catch (RejectedExecutionException e) {
            return; // closed meanwhile
        }
        discard(pauseRecognitions.put(soFar.speakerId(), new PauseRecognition(soFar, transcript)));
    }

    /** Queues an utterance for its speaker's worker and returns at once. Owns the utterance's audio from here. */
    @Override
    public void onUtterance(Utterance utterance) {
        received.incrementAndGet();
        PauseRecognition atPause = pauseRecognitions.get(utterance.speakerId());
        if (atPause != null && atPause.utterance() != utterance && atPause.utterance().startMs() == utterance.startMs()
                && pauseRecognitions.remove(utterance.speakerId(), atPause)) {
            discard(atPause); // the speaker went on after that pause: this utterance is longer
        }
        if (closed.get() || !participants.containsKey(utterance.speakerId())) {
            dropped.incrementAndGet();
            return;
        }
        ThreadPoolExecutor worker = speakerWorkers.computeIfAbsent(utterance.speakerId(), this::newSpeakerWorker);
        long queuedAtMs = clock.millis();
        try {
            worker.execute(() -> dubWithContext(utterance, queuedAtMs));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet(); // shut down while we were queueing
        }
    }

    public DubbingStats stats() {
        return new DubbingStats(received.get(), dropped.get(), unrecognized.get(), stageFailures.get(),
                untranslated.get(), dubbed.get(), backlogSkips.get(), pauseRecognitionsUsed.get(),
                pauseRecognitionsWasted.get(), pauseRecognitionsSkipped.get());
    }

    /** Stops all workers; utterances still waiting are dropped. Engines are not closed (they are shared). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ThreadPoolExecutor worker : speakerWorkers.values()) {
            dropped.addAndGet(worker.getQueue().size());
            worker.shutdownNow();
        }
        speakerWorkers.clear();
        pauseRecognitions.clear();
        engineCalls.shutdownNow();
    }

    private ThreadPoolExecutor newSpeakerWorker(String speakerId) {
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacityUtterances()),
                task -> {
                    Thread thread = new Thread(task, "dubbing-" + callId + "-speaker-" + speakerId);
                    thread.setDaemon(true);
                    return thread;
                },
                (task, executor) -> {
                    // Full: the oldest waiting utterance is the least useful one; drop it and count it.
                    if (!executor.isShutdown()) {
                        executor.getQueue().poll();
                        dropped.incrementAndGet();
                        executor.execute(task);
                    } else {
                        dropped.incrementAndGet();
                    }
                });
        if (closed.get()) {
            worker.shutdownNow();
        }
        return worker;
    }

    // Runs on the speaker's worker thread.
    private void dubWithContext(Utterance utterance, long queuedAtMs) {
        MDC.put(MDC_CALL_ID, callId);
        MDC.put(MDC_PARTICIPANT_ID, utterance.speakerId());
        MDC.put(MDC_STAGE, "queue");
        try {
            dub(utterance, queuedAtMs);
        } finally {
            MDC.remove(MDC_CALL_ID);
            MDC.remove(MDC_PARTICIPANT_ID);
            MDC.remove(MDC_STAGE);
        }
    }

    private void dub(Utterance utterance, long queuedAtMs) {
        Participant speaker = participants.get(utterance.speakerId());
        if (speaker == null) {
            dropped.incrementAndGet();
            return;
        }
        long arrivedMs = clock.millis();
        long queueWaitMs = Math.max(0, arrivedMs - queuedAtMs);
        MDC.put(MDC_STAGE, "stt");
        SpeechRecognizer recognizer = engines.recognizers().get(speaker.language());
        if (recognizer == null) {
            unrecognized.incrementAndGet();
            return;
        }
        Transcript transcript;
        try {
            PauseRecognition atPause = pauseRecognitions.get(utterance.speakerId());
            if (atPause != null && atPause.utterance() == utterance
                    && pauseRecognitions.remove(utterance.speakerId(), atPause)) {
                pauseRecognitionsUsed.incrementAndGet();
                transcript = await("speech recognition", config.sttDeadlineMs(), atPause.transcript());
            } else {
                transcript = withDeadline("speech recognition", config.sttDeadlineMs(),
                        () -> Recognition.recognize(recognizer, speaker.language(), utterance.pcm(), RecognitionListener.NONE));
            }
        } catch (StageFailure failure) {
            noticeForOtherLanguages(speaker);
            return;
        }
        long sttFinalMs = clock.millis() - arrivedMs;
        if (transcript.isEmpty()) {
            unrecognized.incrementAndGet();
            return;
        }
        List<UtteranceEvent.ListenerTranslation> translations = new ArrayList<>();
        for (Language listenerLanguage : listenerLanguages(speaker)) {
            if (Thread.currentThread().isInterrupted()) {
                return; // removed or closed meanwhile
            }
            translations.add(dubFor(speaker, transcript.text(), listenerLanguage));
        }
        UtteranceEvent event = new UtteranceEvent(callId, speaker.id(), speaker.language(), transcript.text(),
                utterance.startMs(), utterance.endMs(), queueWaitMs, sttFinalMs, translations);
        MDC.remove(MDC_STAGE);
        try {
            events.onUtteranceEvent(event);
        } catch (RuntimeException e) {
            LOG.error("call {}: utterance event listener failed", callId, e);
        }
    }

    private UtteranceEvent.ListenerTranslation dubFor(Participant speaker, String text, Language listenerLanguage) {
        MDC.put(MDC_STAGE, "mt");
        long mtStart = clock.millis();
        Translation translation;
        try {
            translation = withDeadline("translation", config.mtDeadlineMs(),
                    () -> engines.translator().translate(text, speaker.language(), listenerLanguage));
        } catch (StageFailure failure) {
            translation = Translation.untranslated(failure.getMessage());
        }
        long mtMs = clock.millis() - mtStart;
        List<String> listeners = listenersOf(listenerLanguage, speaker.id());
        if (translation instanceof Translation.Translated translated) {
            long firstAudioMs = speak(speaker, translated.text(), listenerLanguage, listeners, false);
            dubbed.incrementAndGet();
            return new UtteranceEvent.ListenerTranslation(listenerLanguage, translated.text(), null, mtMs, firstAudioMs);
        }
        untranslated.incrementAndGet();
        long firstAudioMs = speak(speaker, UntranslatedNotice.text(listenerLanguage), listenerLanguage, listeners, true);
        return new UtteranceEvent.ListenerTranslation(listenerLanguage, null,
                ((Translation.Untranslated) translation).reason(), mtMs, firstAudioMs);
    }

    /** The speaker said something that could not be recognised in time: other-language listeners hear why, not silence. */
    private void noticeForOtherLanguages(Participant speaker) {
        for (Language listenerLanguage : listenerLanguages(speaker)) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            untranslated.incrementAndGet();
            speak(speaker, UntranslatedNotice.text(listenerLanguage), listenerLanguage,
                    listenersOf(listenerLanguage, speaker.id()), true);
        }
    }

    /** Speaks to every listener as audio arrives; returns ms to first audio, or -1 if none was produced. */
    private long speak(Participant speaker, String text, Language language, List<String> allListeners, boolean notice) {
        List<String> listeners = withinBacklog(allListeners);
        if (listeners.isEmpty()) {
            return -1;
        }
        MDC.put(MDC_STAGE, "tts");
        Voice voice = notice ? new Voice.Standard(speaker.profile())
                : speaker.dubbingVoice(config.minCloneQuality(), engines.cloningSynthesizer() != null
                        && engines.cloningSynthesizer().languages().contains(language));
        SpeechSynthesizer synthesizer = voice instanceof Voice.Cloned
                ? engines.cloningSynthesizer() : engines.standardSynthesizer();
        long started = clock.millis();
        AtomicLong firstAudio = new AtomicLong(-1);
        AtomicBoolean cancelled = new AtomicBoolean();
        try {
            withDeadline("speech synthesis", config.ttsDeadlineMs(), () -> {
                synthesizer.synthesize(text, language, voice, chunk -> {
                    if (cancelled.get()) {
                        throw new IllegalStateException("synthesis cancelled after its deadline");
                    }
                    firstAudio.compareAndSet(-1, clock.millis() - started);
                    long chunkMs = chunk.length * 1000L / AudioFormat.SAMPLE_RATE_HZ;
                    long now = clock.millis();
                    for (int i = 0; i < listeners.size(); i++) {
                        backlogEndMs.merge(listeners.get(i), now + chunkMs, (end, fresh) -> Math.max(end, now) + chunkMs);
                        // The sink owns what it is given, so every listener but the last gets a copy.
                        sink.play(listeners.get(i), speaker.id(), i == listeners.size() - 1 ? chunk : chunk.clone());
                    }
                });
                return null;
            });
        } catch (StageFailure failure) {
            cancelled.set(true);
            if (voice instanceof Voice.Cloned && firstAudio.get() < 0) {
                // The cloning engine failed before saying anything: the shaped standard voice still carries the words.
                return speak(speaker.withoutClonedVoice(), text, language, allListeners, notice);
            }
        }
        return firstAudio.get();
    }

    /** The listeners whose dubbed backlog leaves room for more; the others are skipped and counted. */
    private List<String> withinBacklog(List<String> listeners) {
        long now = clock.millis();
        List<String> within = new ArrayList<>(listeners.size());
        for (String listener : listeners) {
            long backlogMs = backlogEndMs.getOrDefault(listener, now) - now;
            if (backlogMs > config.maxListenerBacklogMs()) {
                backlogSkips.incrementAndGet();
                LOG.warn("call {}: listener {} has {} ms of dubbed audio waiting; skipping an utterance",
                        callId, listener, backlogMs);
            } else {
                within.add(listener);
            }
        }
        return within;
    }

    private Set<Language> listenerLanguages(Participant speaker) {
        Set<Language> languages = new LinkedHashSet<>();
        for (Participant listener : participants.values()) {
            if (!listener.id().equals(speaker.id()) && listener.language() != speaker.language()) {
                languages.add(listener.language());
            }
        }
        return languages;
    }

    private List<String> listenersOf(Language language, String speakerId) {
        List<String> ids = new ArrayList<>();
        for (Participant listener : participants.values()) {
            if (!listener.id().equals(speakerId) && listener.language() == language) {
                ids.add(listener.id());
            }
        }
        return ids;
    }

    private <T> T withDeadline(String stage, long deadlineMs, Callable<T> work) {
        Future<T> future;
        try {
            future = engineCalls.submit(withLogContext(MDC.getCopyOfContextMap(), work));
        } catch (RejectedExecutionException e) {
            throw new StageFailure(stage + " not started: pipeline closed");
        }
        return await(stage, deadlineMs, future);
    }

    /** The engine runs on a pool thread: its log lines carry the caller's call, speaker and stage. */
    private static <T> Callable<T> withLogContext(Map<String, String> logContext, Callable<T> work) {
        return () -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                return work.call();
            } finally {
                MDC.clear();
            }
        };
    }

    private void discard(PauseRecognition stale) {
        if (stale != null) {
            stale.transcript().cancel(true);
            pauseRecognitionsWasted.incrementAndGet();
        }
    }

    private <T> T await(String stage, long deadlineMs, Future<T> future) {
        try {
            return future.get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            stageFailures.incrementAndGet();
            LOG.warn("call {}: {} missed its {} ms deadline", callId, stage, deadlineMs);
            throw new StageFailure(stage + " missed its " + deadlineMs + " ms deadline");
        } catch (ExecutionException e) {
            if (closed.get()) {
                // The call ended: closing the pipeline interrupted the engine call (or its wait for the engine).
                LOG.debug("call {}: {} stopped by the call's end: {}", callId, stage, e.getCause().toString());
                throw new StageFailure(stage + " stopped: pipeline closed");
            }
            stageFailures.incrementAndGet();
            LOG.warn("call {}: {} failed", callId, stage, e.getCause());
            throw new StageFailure(stage + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StageFailure(stage + " interrupted");
        }
    }

    /** A recognition started when the speaker paused, and the utterance it was started on. */
    private record PauseRecognition(Utterance utterance, Future<Transcript> transcript) {
    }

    private static final class StageFailure extends RuntimeException {
        StageFailure(String message) {
            super(message, null, false, false);
        }
    }
}
