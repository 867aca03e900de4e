package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.babelbridge.media.mix.DubbedAudioSink;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.SpeechEngineException;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.stt.pocketsphinx.DomainGrammar;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import org.babelbridge.speech.translate.libretranslate.LibreTranslateConfig;
import org.babelbridge.speech.translate.libretranslate.LibreTranslateTranslator;
import org.babelbridge.speech.translate.memory.PhraseMemory;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryLoader;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection on real engines: an MT server (LibreTranslate's wire protocol, in process) that
 * stops answering, and a recogniser that blocks. Deadlines fire, listeners of other languages hear
 * the spoken notice in their language, the failure is counted per adapter and the engine is
 * retried only after its backoff.
 */
class SpeechEngineFaultTest {

    private static final EngineBackoffConfig BACKOFF = new EngineBackoffConfig(2_000, 30_000);

    private static Path grammarDir;
    private static PocketSphinxRecognizer pocketSphinx;
    private static PhraseMemory memory;
    private static EspeakSynthesizer espeak;

    private final EngineGuardTest.StepClock backoffClock = new EngineGuardTest.StepClock();
    private final RecordingSink sink = new RecordingSink();
    private final List<UtteranceEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger translateRequests = new AtomicInteger();
    private volatile boolean mtHangs;
    private final CountDownLatch mtReleased = new CountDownLatch(1);
    private HttpServer mtServer;
    private DubbingPipeline pipeline;

    @BeforeAll
    static void startEngines() throws IOException {
        memory = PhraseMemoryLoader.load(PhraseMemoryConfig.ASTERISK_PROMPTS);
        grammarDir = Files.createTempDirectory("fault-grammar");
        DomainGrammar.Written grammar = DomainGrammar.write(memory.sourcePhrases(Language.EN, Language.RU),
                PocketSphinxConfig.DEFAULTS.modelDir().resolve("cmudict-en-us.dict"), grammarDir.resolve("prompts.gram"));
        pocketSphinx = PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS.withMaxDecoders(2).withGrammarFile(grammar.file()));
        espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
    }

    @AfterAll
    static void stopEngines() throws IOException {
        pocketSphinx.close();
        espeak.close();
        try (var files = Files.list(grammarDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(grammarDir);
    }

    @BeforeEach
    void startMtServer() throws IOException {
        mtServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mtServer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        mtServer.createContext("/languages", exchange -> respond(exchange,
                "[{\"code\":\"en\",\"name\":\"English\",\"targets\":[\"en\",\"ru\"]},"
                        + "{\"code\":\"ru\",\"name\":\"Russian\",\"targets\":[\"en\",\"ru\"]}]"));
        mtServer.createContext("/translate", this::translate);
        mtServer.start();
    }

    @AfterEach
    void stopEverything() {
        if (pipeline != null) {
            pipeline.close();
        }
        mtReleased.countDown();
        mtServer.stop(0);
        ((java.util.concurrent.ExecutorService) mtServer.getExecutor()).shutdownNow();
    }

    @Test
    void aHungTranslationServerGivesTheSpokenNoticeAndIsRetriedOnlyAfterItsBackoff() throws InterruptedException {
        LibreTranslateTranslator libre = LibreTranslateTranslator.start(new LibreTranslateConfig(
                URI.create("http://127.0.0.1:" + mtServer.getAddress().getPort()), null, 20_000));
        GuardedEngines guarded = GuardedEngines.guard(
                new SpeechEngines(Map.of(Language.EN, pocketSphinx), libre, espeak, null), BACKOFF, backoffClock);
        pipeline = pipeline(guarded, new DubbingConfig(8, 10_000, 400, 10_000, 60),
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE));
        mtHangs = true;

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 0, 1_500));
        awaitEvents(1);

        UtteranceEvent.ListenerTranslation hung = events.get(0).translationFor(Language.RU).orElseThrow();
        assertThat(events.get(0).originalText()).isEqualTo("thank you for your patience");
        assertThat(hung.untranslated()).isTrue();
        assertThat(hung.untranslatedReason()).contains("missed its 400 ms deadline");
        assertThat(sink.audioFor("boris").length).isEqualTo(notice(Language.RU).length);
        EngineHealth mt = guarded.health().get("LibreTranslateTranslator");
        assertThat(mt.failures()).isEqualTo(1);
        assertThat(mt.backingOff()).isTrue();

        // Within the backoff the server is left alone and the notice comes without waiting for a deadline.
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 2_000, 3_500));
        awaitEvents(2);
        assertThat(events.get(1).translationFor(Language.RU).orElseThrow().untranslatedReason()).contains("backing off");
        assertThat(translateRequests).hasValue(1);
        assertThat(guarded.health().get("LibreTranslateTranslator").rejectedInBackoff()).isEqualTo(1);

        // The server recovers; after the backoff the next utterance is translated by it again.
        mtHangs = false;
        mtReleased.countDown();
        backoffClock.advance(BACKOFF.initialBackoffMs());
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 4_000, 5_500));
        awaitEvents(3);
        assertThat(events.get(2).translationFor(Language.RU).orElseThrow().translatedText())
                .isEqualTo("Спасибо за терпение.");
        assertThat(translateRequests).hasValue(2);
        assertThat(guarded.health().get("LibreTranslateTranslator").backingOff()).isFalse();
        assertThat(pipeline.stats().stageFailures()).isEqualTo(1);
        assertThat(pipeline.stats().untranslated()).isEqualTo(2);
        assertThat(pipeline.stats().dubbedUtterances()).isEqualTo(1);
    }

    @Test
    void aBlockingRecognizerGivesEveryOtherLanguageTheNoticeWithoutHoldingUpTheMediaThread() throws InterruptedException {
        BlockingRecognizer blocking = new BlockingRecognizer(pocketSphinx);
        GuardedEngines guarded = GuardedEngines.guard(
                new SpeechEngines(Map.of(Language.EN, blocking), memory, espeak, null), BACKOFF, backoffClock);
        pipeline = pipeline(guarded, new DubbingConfig(8, 500, 3_000, 10_000, 60),
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE),
                Participant.of("dana", Language.HE, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("carol", Language.EN, VoiceProfile.NEUTRAL_FEMALE));

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 0, 1_500));
        // onUtterance (the media thread's call) has returned although the recogniser is now stuck.
        assertThat(blocking.stuck.await(10, TimeUnit.SECONDS)).isTrue();
        int russianNotice = notice(Language.RU).length;
        int hebrewNotice = notice(Language.HE).length;
        await(() -> sink.audioFor("boris").length == russianNotice && sink.audioFor("dana").length == hebrewNotice);

        assertThat(sink.listeners()).containsExactlyInAnyOrder("boris", "dana"); // carol hears alice's own voice
        assertThat(events).isEmpty(); // nothing was recognised, so there is no transcript to report
        assertThat(pipeline.stats().stageFailures()).isEqualTo(1);
        assertThat(pipeline.stats().untranslated()).isEqualTo(2);
        EngineHealth stt = guarded.health().get("BlockingRecognizer");
        assertThat(stt.failures()).isEqualTo(1);
        assertThat(stt.backingOff()).isTrue();

        // While it backs off, the recogniser is not asked again and the notice comes at once.
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 2_000, 3_500));
        await(() -> pipeline.stats().untranslated() == 4);
        assertThat(blocking.opened).hasValue(1);

        // Once the backoff is over the recogniser is tried again and the call is dubbed as before.
        blocking.blocks = false;
        backoffClock.advance(BACKOFF.initialBackoffMs());
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 4_000, 5_500));
        awaitEvents(1);
        assertThat(events.get(0).originalText()).isEqualTo("thank you for your patience");
        assertThat(events.get(0).translationFor(Language.RU).orElseThrow().translatedText())
                .isEqualTo("благодарим за терпение.");
        assertThat(guarded.health().get("BlockingRecognizer").backingOff()).isFalse();
    }

    private DubbingPipeline pipeline(GuardedEngines guarded, DubbingConfig config, Participant... participants) {
        return new DubbingPipeline("call-1", List.of(participants), guarded.engines(), sink, events::add, config,
                Clock.systemUTC());
    }

    /** What the notice sounds like when espeak-ng speaks it in the speaker's (alice's) shaped standard voice. */
    private static short[] notice(Language language) {
        List<short[]> chunks = new ArrayList<>();
        espeak.synthesize(UntranslatedNotice.text(language), language, new Voice.Standard(VoiceProfile.NEUTRAL_FEMALE),
                chunks::add);
        return TestAudio.concat(chunks);
    }

    private void translate(HttpExchange exchange) throws IOException {
        translateRequests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        if (mtHangs) {
            try {
                mtReleased.await(30, TimeUnit.SECONDS); // stops answering
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        respond(exchange, "{\"translatedText\":\"Спасибо за терпение.\"}");
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up at its deadline
        }
    }

    private void awaitEvents(int count) throws InterruptedException {
        await(() -> events.size() >= count);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(until);
            Thread.sleep(20);
        }
    }

    /** A recogniser whose streams never finish while {@code blocks} is set (interruptibly, like a socket read). */
    private static final class BlockingRecognizer implements SpeechRecognizer {
        private final SpeechRecognizer real;
        final CountDownLatch stuck = new CountDownLatch(1);
        final AtomicInteger opened = new AtomicInteger();
        volatile boolean blocks = true;

        BlockingRecognizer(SpeechRecognizer real) {
            this.real = real;
        }

        @Override
        public Set<Language> languages() {
            return real.languages();
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            opened.incrementAndGet();
            RecognitionStream stream = real.open(language, listener);
            return new RecognitionStream() {
                @Override
                public void accept(short[] pcm, int offset, int length) {
                    stream.accept(pcm, offset, length);
                }

                @Override
                public Transcript finish() {
                    if (blocks) {
                        stuck.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new SpeechEngineException("recognition interrupted");
                        }
                    }
                    return stream.finish();
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static final class RecordingSink implements DubbedAudioSink {
        private final List<Object[]> chunks = new CopyOnWriteArrayList<>();

        @Override
        public void play(String listenerId, String speakerId, short[] pcm) {
            chunks.add(new Object[] {listenerId, speakerId, pcm});
        }

        Set<String> listeners() {
            return Set.copyOf(chunks.stream().map(c -> (String) c[0]).toList());
        }

        short[] audioFor(String listener) {
            List<short[]> audio = new ArrayList<>();
            chunks.stream().filter(c -> c[0].equals(listener)).forEach(c -> audio.add((short[]) c[2]));
            return TestAudio.concat(audio);
        }
    }
}
