package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local engine budget on the real offline engines: PocketSphinx recognising recorded prompts, espeak-ng. */
class LocalEngineBudgetTest {

    private static final String PROMPT = "queue-thankyou";
    private static final String PROMPT_TEXT = "thank you for your patience";

    // Two decoders: on its own the engine would run two recognitions at once.
    private static PocketSphinxRecognizer pocketSphinx;
    private static EspeakSynthesizer espeak;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void startEngines() {
        pocketSphinx = PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS.withMaxDecoders(2));
        espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
    }

    @AfterAll
    static void stopEngines() {
        pocketSphinx.close();
        espeak.close();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void withOnePermitTwoConcurrentRecognitionsComputeOneAfterTheOtherAndBothAreRight() throws Exception {
        LocalEngineBudget budget = new LocalEngineBudget(1);
        TimedRecognizer timed = new TimedRecognizer(pocketSphinx);

        List<String> heard = recognizeAtOnce(budget.recognizer(timed, 2), 2);

        assertThat(heard).containsExactly(PROMPT_TEXT, PROMPT_TEXT);
        List<Interval> computing = timed.sortedIntervals();
        assertThat(computing).hasSize(2);
        assertThat(computing.get(1).startNanos()).isGreaterThanOrEqualTo(computing.get(0).endNanos());
        LocalEngineBudgetStats stats = budget.stats();
        assertThat(stats.granted()).isEqualTo(2);
        assertThat(stats.inUse()).isZero();
        assertThat(stats.waiting()).isZero();
        // The second one waited for most of the first one's recognition.
        assertThat(stats.totalWaitNanos()).isGreaterThan((computing.get(0).endNanos() - computing.get(0).startNanos()) / 2);
    }

    @Test
    void withTwoPermitsTheSameRecognitionsComputeAtOnce() throws Exception {
        LocalEngineBudget budget = new LocalEngineBudget(2);
        TimedRecognizer timed = new TimedRecognizer(pocketSphinx);

        List<String> heard = recognizeAtOnce(budget.recognizer(timed, 2), 2);

        assertThat(heard).containsExactly(PROMPT_TEXT, PROMPT_TEXT);
        List<Interval> computing = timed.sortedIntervals();
        assertThat(computing.get(1).startNanos()).isLessThan(computing.get(0).endNanos());
    }

    @Test
    void whenMoreWaitThanCanComputeTheNewestIsServedFirst() throws Exception {
        // Every wait runs against a deadline of the same length: the newest has the most of it left.
        LocalEngineBudget budget = new LocalEngineBudget(1);
        SpeechRecognizer recognizer = budget.recognizer(pocketSphinx, 2);
        short[] pcm = TestAudio.prompt16k("en", PROMPT);
        List<String> grantOrder = new CopyOnWriteArrayList<>();
        List<Future<String>> results = new ArrayList<>();

        try (RecognitionStream held = recognizer.open(Language.EN, RecognitionListener.NONE)) {
            for (String label : List.of("oldest", "middle", "newest")) {
                int waitingBefore = budget.stats().waiting();
                results.add(threads.submit(() -> {
                    try (RecognitionStream stream = recognizer.open(Language.EN, RecognitionListener.NONE)) {
                        grantOrder.add(label);
                        stream.accept(pcm, 0, pcm.length);
                        return stream.finish().text();
                    }
                }));
                awaitTrue(() -> budget.stats().waiting() == waitingBefore + 1);
            }
        }

        for (Future<String> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(PROMPT_TEXT);
        }
        assertThat(grantOrder).containsExactly("newest", "middle", "oldest");
        assertThat(budget.stats().granted()).isEqualTo(4);
    }

    @Test
    void theRecognizerIsIdleOnlyWhileAPermitIsFree() {
        LocalEngineBudget budget = new LocalEngineBudget(1);
        SpeechRecognizer recognizer = budget.recognizer(pocketSphinx, 2);
        assertThat(recognizer.idleNow()).isTrue();
        try (RecognitionStream stream = recognizer.open(Language.EN, RecognitionListener.NONE)) {
            assertThat(recognizer.idleNow()).isFalse();
        }
        assertThat(recognizer.idleNow()).isTrue();
    }

    @Test
    void aSynthesisWaitsWhileARecognitionHoldsTheOnlyPermit() throws Exception {
        LocalEngineBudget budget = new LocalEngineBudget(1);
        SpeechRecognizer recognizer = budget.recognizer(pocketSphinx, 2);
        SpeechSynthesizer synthesizer = budget.synthesizer(espeak, 1);
        List<short[]> audio = new CopyOnWriteArrayList<>();

        Future<?> synthesis;
        try (RecognitionStream held = recognizer.open(Language.EN, RecognitionListener.NONE)) {
            synthesis = threads.submit(() -> synthesizer.synthesize("goodbye", Language.EN,
                    new Voice.Standard(VoiceProfile.NEUTRAL_FEMALE), audio::add));
            awaitTrue(() -> budget.stats().waiting() == 1);
            Thread.sleep(300);
            assertThat(audio).isEmpty();
            assertThat(budget.stats().inUse()).isEqualTo(1);
        }
        synthesis.get(30, TimeUnit.SECONDS);

        assertThat(TestAudio.concat(audio).length).isGreaterThan(16_000 / 5);
        assertThat(budget.stats().granted()).isEqualTo(2);
        assertThat(budget.stats().inUse()).isZero();
    }

    @Test
    void anInterruptedWaitGivesUpWithoutAskingTheEngineAndLeavesThePermitsWhole() throws Exception {
        LocalEngineBudget budget = new LocalEngineBudget(1);
        SpeechRecognizer recognizer = budget.recognizer(pocketSphinx, 2);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();

        Future<RecognitionStream> refused;
        try (RecognitionStream held = recognizer.open(Language.EN, RecognitionListener.NONE)) {
            refused = threads.submit(() -> {
                waiter.set(Thread.currentThread());
                try {
                    return recognizer.open(Language.EN, RecognitionListener.NONE);
                } finally {
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            awaitTrue(() -> budget.stats().waiting() == 1);
            waiter.get().interrupt(); // as the pipeline's deadline does
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LocalEngineWaitInterruptedException.class);
        }

        assertThat(stillInterrupted.get()).isTrue();
        LocalEngineBudgetStats stats = budget.stats();
        assertThat(stats.interruptedWaits()).isEqualTo(1);
        assertThat(stats.waiting()).isZero();
        assertThat(stats.inUse()).isZero();
        assertThat(Recognition.recognize(recognizer, Language.EN, TestAudio.prompt16k("en", PROMPT),
                RecognitionListener.NONE).text()).isEqualTo(PROMPT_TEXT);
    }

    @Test
    void aThreadWaitingForItsBusyEngineHoldsNoPermit() throws Exception {
        // Two permits, but a one-at-a-time engine: a second synthesis waits for the engine, not holding a permit.
        LocalEngineBudget budget = new LocalEngineBudget(2);
        SpeechSynthesizer synthesizer = budget.synthesizer(espeak, 1);
        CountDownLatch firstSpeaking = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);

        Future<?> first = threads.submit(() -> synthesizer.synthesize("thank you for your patience", Language.EN,
                new Voice.Standard(VoiceProfile.NEUTRAL_MALE), chunk -> {
                    firstSpeaking.countDown();
                    awaitQuietly(letFirstFinish);
                }));
        assertThat(firstSpeaking.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> second = threads.submit(() -> synthesizer.synthesize("goodbye", Language.EN,
                new Voice.Standard(VoiceProfile.NEUTRAL_MALE), chunk -> { }));
        awaitTrue(() -> budget.stats().waiting() == 1);

        assertThat(budget.stats().inUse()).isEqualTo(1);
        letFirstFinish.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertThat(budget.stats().granted()).isEqualTo(2);
        assertThat(budget.stats().inUse()).isZero();
    }

    @Test
    void refusesAnEmptyBudgetNamingTheSetting() {
        assertThatThrownBy(() -> new LocalEngineBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speech.local-engine-threads");
        assertThat(LocalEngineBudget.defaultPermits())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** Recognises the prompt on {@code count} threads released together; the texts in thread order. */
    private List<String> recognizeAtOnce(SpeechRecognizer recognizer, int count) throws Exception {
        short[] pcm = TestAudio.prompt16k("en", PROMPT);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(threads.submit(() -> {
                go.await();
                return Recognition.recognize(recognizer, Language.EN, pcm, RecognitionListener.NONE).text();
            }));
        }
        go.countDown();
        List<String> texts = new ArrayList<>();
        for (Future<String> result : results) {
            texts.add(result.get(60, TimeUnit.SECONDS));
        }
        return texts;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Interval(long startNanos, long endNanos) {
    }

    /**
     * Sits between the budget and the engine and notes when each stream starts computing (open) and
     * stops (finish returned), as the engine sees it.
     */
    private static final class TimedRecognizer implements SpeechRecognizer {
        private final SpeechRecognizer engine;
        private final List<Interval> intervals = new CopyOnWriteArrayList<>();

        TimedRecognizer(SpeechRecognizer engine) {
            this.engine = engine;
        }

        List<Interval> sortedIntervals() {
            return intervals.stream().sorted(Comparator.comparingLong(Interval::startNanos)).toList();
        }

        @Override
        public Set<Language> languages() {
            return engine.languages();
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            long start = System.nanoTime();
            RecognitionStream stream = engine.open(language, listener);
            return new RecognitionStream() {
                @Override
                public void accept(short[] pcm, int offset, int length) {
                    stream.accept(pcm, offset, length);
                }

                @Override
                public Transcript finish() {
                    Transcript transcript = stream.finish();
                    intervals.add(new Interval(start, System.nanoTime()));
                    return transcript;
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
