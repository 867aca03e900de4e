package org.babelbridge.speech.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.mix.DubbedAudioSink;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.RecognitionStream;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.Transcript;
import org.babelbridge.speech.stt.pocketsphinx.DomainGrammar;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import org.babelbridge.speech.translate.Translation;
import org.babelbridge.speech.translate.Translator;
import org.babelbridge.speech.translate.memory.PhraseMemory;
import org.babelbridge.speech.translate.memory.PhraseMemoryConfig;
import org.babelbridge.speech.translate.memory.PhraseMemoryLoader;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.babelbridge.speech.voice.ClonedVoiceModel;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end on the offline engines: recorded English speech in, Russian espeak-ng speech out. */
class DubbingPipelineTest {

    private static Path grammarDir;
    private static PocketSphinxRecognizer recognizer;
    private static PhraseMemory memory;
    private static EspeakSynthesizer espeak;

    private final RecordingSink sink = new RecordingSink();
    private final List<UtteranceEvent> events = new CopyOnWriteArrayList<>();
    private DubbingPipeline pipeline;

    @BeforeAll
    static void startEngines() throws IOException {
        memory = PhraseMemoryLoader.load(PhraseMemoryConfig.ASTERISK_PROMPTS);
        grammarDir = Files.createTempDirectory("dubbing-grammar");
        // The offline English recogniser is constrained to the phrases the memory can translate.
        DomainGrammar.Written grammar = DomainGrammar.write(memory.sourcePhrases(Language.EN, Language.RU),
                PocketSphinxConfig.DEFAULTS.modelDir().resolve("cmudict-en-us.dict"), grammarDir.resolve("prompts.gram"));
        recognizer = PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS.withMaxDecoders(2).withGrammarFile(grammar.file()));
        espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
    }

    @AfterAll
    static void stopEngines() throws IOException {
        recognizer.close();
        espeak.close();
        try (var files = Files.list(grammarDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(grammarDir);
    }

    @AfterEach
    void closePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void dubsRecordedEnglishIntoRussianForTheRussianListenerOnly() throws InterruptedException {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE),
                Participant.of("carol", Language.EN, VoiceProfile.NEUTRAL_FEMALE)));

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 1_000, 2_800));
        awaitEvents(1);

        UtteranceEvent event = events.get(0);
        assertThat(event.callId()).isEqualTo("call-1");
        assertThat(event.speakerId()).isEqualTo("alice");
        assertThat(event.speakerLanguage()).isEqualTo(Language.EN);
        assertThat(event.originalText()).isEqualTo("all circuits are busy now");
        assertThat(event.startMs()).isEqualTo(1_000);
        assertThat(event.endMs()).isEqualTo(2_800);
        assertThat(event.sttFinalMs()).isNotNegative();
        assertThat(event.translations()).hasSize(1);
        UtteranceEvent.ListenerTranslation russian = event.translationFor(Language.RU).orElseThrow();
        assertThat(russian.translatedText()).isEqualTo("На данный момент все линии заняты.");
        assertThat(russian.untranslated()).isFalse();
        assertThat(russian.mtMs()).isNotNegative();
        assertThat(russian.ttsFirstAudioMs()).isNotNegative();

        assertThat(sink.listeners()).containsOnly("boris");
        assertThat(sink.speakers()).containsOnly("alice");
        short[] dubbed = sink.audioFor("boris");
        assertThat(AudioFormat.millisForSamples(dubbed.length)).isBetween(1_000L, 5_000L);
        // Spoken by the female profile's shaped voice, not espeak-ng's default male voice.
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(dubbed, AudioFormat.SAMPLE_RATE_HZ)))
                .isBetween(210 * 0.85, 210 * 1.15);
        assertThat(pipeline.stats().dubbedUtterances()).isEqualTo(1);
    }

    @Test
    void keepsOneSpeakersUtterancesInOrderInAudioAndEvents() throws InterruptedException {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)));

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 0, 1_800));
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 2_500, 4_000));
        awaitEvents(2);

        assertThat(events).extracting(UtteranceEvent::originalText)
                .containsExactly("all circuits are busy now", "thank you for your patience");
        assertThat(events.get(1).translationFor(Language.RU).orElseThrow().translatedText())
                .isEqualTo("благодарим за терпение.");
        // All audio of the first utterance reached the sink before its event, and all of the second after it.
        List<String> log = sink.log;
        int firstEvent = log.indexOf("event:all circuits are busy now");
        assertThat(log.subList(0, firstEvent)).isNotEmpty().allMatch(entry -> entry.startsWith("audio:boris"));
        assertThat(log.subList(firstEvent + 1, log.size() - 1)).isNotEmpty()
                .allMatch(entry -> entry.startsWith("audio:boris"));
        assertThat(log.get(log.size() - 1)).isEqualTo("event:thank you for your patience");
    }

    @Test
    void givesASpokenNoticeAndAnUntranslatedEventWhenThereIsNoTranslation() throws InterruptedException {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("dana", Language.HE, VoiceProfile.NEUTRAL_FEMALE)));

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 0, 1_500));
        awaitEvents(1);

        UtteranceEvent.ListenerTranslation hebrew = events.get(0).translationFor(Language.HE).orElseThrow();
        assertThat(hebrew.untranslated()).isTrue();
        assertThat(hebrew.translatedText()).isNull();
        assertThat(hebrew.untranslatedReason()).contains("en->he");
        assertThat(sink.listeners()).containsOnly("dana");
        assertThat(AudioFormat.millisForSamples(sink.audioFor("dana").length)).isBetween(300L, 4_000L);
        assertThat(pipeline.stats().untranslated()).isEqualTo(1);
    }

    @Test
    void reportsWithoutTranslatingWhenEveryoneSharesTheSpeakersLanguage() throws InterruptedException {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("carol", Language.EN, VoiceProfile.NEUTRAL_FEMALE)));

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 0, 1_500));
        awaitEvents(1);

        assertThat(events.get(0).originalText()).isEqualTo("thank you for your patience");
        assertThat(events.get(0).translations()).isEmpty();
        assertThat(sink.log).containsExactly("event:thank you for your patience");
    }

    @Test
    void doesNotRecogniseALanguageWithoutARecogniserAndCountsIt() throws InterruptedException {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)));

        pipeline.onUtterance(new Utterance("boris", TestAudio.prompt16k("ru", "auth-thankyou"), 0, 900));
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 1_000, 2_500));
        awaitEvents(1);

        assertThat(events).extracting(UtteranceEvent::speakerId).containsExactly("alice");
        assertThat(pipeline.stats().unrecognized()).isEqualTo(1);
    }

    @Test
    void dropsUtterancesOfUnknownSpeakersAndOfRemovedParticipants() {
        pipeline = pipeline(engines(null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)));
        pipeline.removeParticipant("alice");

        pipeline.onUtterance(new Utterance("alice", new short[1600], 0, 100));
        pipeline.onUtterance(new Utterance("mallory", new short[1600], 0, 100));

        assertThat(pipeline.stats().utterancesReceived()).isEqualTo(2);
        assertThat(pipeline.stats().utterancesDropped()).isEqualTo(2);
    }

    @Test
    void speaksInTheSpeakersCloneOnlyWhenItIsGoodEnoughAndConsented() throws InterruptedException {
        RecordingClone clone = new RecordingClone();
        pipeline = pipeline(engines(clone), List.of(
                new Participant("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE, new ClonedVoiceModel("alice-v1", 72, true)),
                new Participant("carol", Language.EN, VoiceProfile.NEUTRAL_FEMALE, new ClonedVoiceModel("carol-v1", 55, true)),
                new Participant("erin", Language.EN, VoiceProfile.NEUTRAL_FEMALE, new ClonedVoiceModel("erin-v1", 90, false)),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)));

        short[] prompt = TestAudio.prompt16k("en", "queue-thankyou");
        pipeline.onUtterance(new Utterance("alice", prompt.clone(), 0, 1_500));
        pipeline.onUtterance(new Utterance("carol", prompt.clone(), 0, 1_500));
        pipeline.onUtterance(new Utterance("erin", prompt.clone(), 0, 1_500));
        awaitEvents(3);

        assertThat(clone.voiceIds).containsExactly("alice-v1");
        assertThat(sink.speakers()).containsExactlyInAnyOrder("alice", "carol", "erin");
    }

    @Test
    void aTranslationPastItsDeadlineGivesTheNoticeAndTheNextUtteranceStillFlows() throws InterruptedException {
        Translator slowThenFast = new Translator() {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public Translation translate(String text, Language source, Language target) {
                if (calls.getAndIncrement() == 0) {
                    sleepQuietly(3_000); // a hung MT server
                }
                return memory.translate(text, source, target);
            }
        };
        SpeechEngines engines = new SpeechEngines(Map.of(Language.EN, recognizer), slowThenFast, espeak, null);
        pipeline = new DubbingPipeline("call-1", List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)), engines, sink,
                events::add, new DubbingConfig(8, 10_000, 300, 10_000, 60), Clock.systemUTC());

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 0, 1_500));
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 2_000, 3_800));
        awaitEvents(2);

        UtteranceEvent.ListenerTranslation late = events.get(0).translationFor(Language.RU).orElseThrow();
        assertThat(late.untranslated()).isTrue();
        assertThat(late.untranslatedReason()).contains("deadline");
        assertThat(late.mtMs()).isBetween(250L, 2_500L);
        assertThat(events.get(1).translationFor(Language.RU).orElseThrow().translatedText())
                .isEqualTo("На данный момент все линии заняты.");
        assertThat(pipeline.stats().stageFailures()).isEqualTo(1);
    }

    @Test
    void aFullSpeakerQueueDropsTheOldestWaitingUtteranceAndCountsIt() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Names each utterance by its length so the test can tell which ones were dropped.
        SpeechRecognizer blockingFirst = new SpeechRecognizer() {
            @Override
            public Set<Language> languages() {
                return Set.of(Language.EN);
            }

            @Override
            public RecognitionStream open(Language language, RecognitionListener listener) {
                return new RecognitionStream() {
                    private int samples;

                    @Override
                    public void accept(short[] pcm, int offset, int length) {
                        samples += length;
                    }

                    @Override
                    public Transcript finish() {
                        if (samples == 100) {
                            started.countDown();
                            awaitQuietly(release);
                        }
                        return new Transcript("utterance " + samples, Language.EN, 1);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        SpeechEngines engines = new SpeechEngines(Map.of(Language.EN, blockingFirst), memory, espeak, null);
        pipeline = new DubbingPipeline("call-1", List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("carol", Language.EN, VoiceProfile.NEUTRAL_FEMALE)), engines, sink,
                events::add, new DubbingConfig(2, 10_000, 3_000, 10_000, 60), Clock.systemUTC());

        pipeline.onUtterance(new Utterance("alice", new short[100], 0, 10));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue(); // the worker holds the first one
        for (int samples = 200; samples <= 500; samples += 100) {
            pipeline.onUtterance(new Utterance("alice", new short[samples], 0, 10));
        }
        release.countDown();
        awaitEvents(3);

        assertThat(events).extracting(UtteranceEvent::originalText)
                .containsExactly("utterance 100", "utterance 400", "utterance 500");
        assertThat(pipeline.stats().utterancesDropped()).isEqualTo(2);
    }

    @Test
    void skipsAListenerWhoseDubbedBacklogIsOverTheBoundAndCountsIt() throws InterruptedException {
        // A clock that stands still: the listener's mixer never plays anything out.
        Clock stopped = Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        pipeline = new DubbingPipeline("call-1", List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)), engines(null), sink,
                events::add, new DubbingConfig(8, 10_000, 3_000, 10_000, 60, 1_000), stopped);

        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 0, 1_800));
        awaitEvents(1);
        int chunksOfFirst = sink.chunks.size();
        pipeline.onUtterance(new Utterance("alice", TestAudio.prompt16k("en", "queue-thankyou"), 2_000, 3_500));
        awaitEvents(2);

        assertThat(AudioFormat.millisForSamples(sink.audioFor("boris").length)).isGreaterThan(1_000);
        assertThat(sink.chunks).hasSize(chunksOfFirst); // nothing more for boris
        UtteranceEvent.ListenerTranslation skipped = events.get(1).translationFor(Language.RU).orElseThrow();
        assertThat(skipped.translatedText()).isEqualTo("благодарим за терпение.");
        assertThat(skipped.ttsFirstAudioMs()).isEqualTo(-1);
        assertThat(pipeline.stats().backlogSkips()).isEqualTo(1);
    }

    @Test
    void theRecognitionStartedAtThePauseIsUsedWhenThePauseEndsTheUtterance() throws InterruptedException {
        CountingRecognizer counting = new CountingRecognizer(recognizer);
        pipeline = aliceToBoris(counting);
        Utterance utterance = new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 1_000, 2_800);

        pipeline.onPause(utterance);
        pipeline.onUtterance(utterance);
        awaitEvents(1);

        assertThat(events.get(0).originalText()).isEqualTo("all circuits are busy now");
        assertThat(events.get(0).translationFor(Language.RU).orElseThrow().translatedText())
                .isEqualTo("На данный момент все линии заняты.");
        assertThat(counting.opened).hasValue(1);
        assertThat(pipeline.stats().pauseRecognitionsUsed()).isEqualTo(1);
        assertThat(pipeline.stats().pauseRecognitionsWasted()).isZero();
    }

    @Test
    void aPauseTheSpeakerTalkedOnAfterIsDiscardedAndTheWholeUtteranceRecognised() throws InterruptedException {
        CountingRecognizer counting = new CountingRecognizer(recognizer);
        pipeline = aliceToBoris(counting);
        short[] whole = TestAudio.prompt16k("en", "all-circuits-busy-now");
        short[] firstHalf = java.util.Arrays.copyOf(whole, whole.length / 2);

        pipeline.onPause(new Utterance("alice", firstHalf, 1_000, 1_000 + AudioFormat.millisForSamples(firstHalf.length)));
        pipeline.onUtterance(new Utterance("alice", whole, 1_000, 1_000 + AudioFormat.millisForSamples(whole.length)));
        awaitEvents(1);

        assertThat(events.get(0).originalText()).isEqualTo("all circuits are busy now");
        assertThat(pipeline.stats().pauseRecognitionsWasted()).isEqualTo(1);
        assertThat(pipeline.stats().pauseRecognitionsUsed()).isZero();
        // The stale recognition is cancelled, often before it opens a stream at all.
        assertThat(counting.opened.get()).isBetween(1, 2);
    }

    @Test
    void noRecognitionIsStartedAtAPauseWhileTheEngineIsBusy() throws InterruptedException {
        CountingRecognizer busy = new CountingRecognizer(recognizer) {
            @Override
            public boolean idleNow() {
                return false;
            }
        };
        pipeline = aliceToBoris(busy);
        Utterance utterance = new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 1_000, 2_800);

        pipeline.onPause(utterance);
        pipeline.onUtterance(utterance);
        awaitEvents(1);

        assertThat(events.get(0).originalText()).isEqualTo("all circuits are busy now");
        assertThat(busy.opened).hasValue(1);
        assertThat(pipeline.stats().pauseRecognitionsSkipped()).isEqualTo(1);
        assertThat(pipeline.stats().pauseRecognitionsUsed()).isZero();
    }

    @Test
    void recognisingOnPausesCanBeTurnedOff() throws InterruptedException {
        CountingRecognizer counting = new CountingRecognizer(recognizer);
        pipeline = new DubbingPipeline("call-1", List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)),
                new SpeechEngines(Map.of(Language.EN, counting), memory, espeak, null), sink, events::add,
                DubbingConfig.DEFAULTS.withRecogniseOnPause(false), Clock.systemUTC());
        Utterance utterance = new Utterance("alice", TestAudio.prompt16k("en", "all-circuits-busy-now"), 1_000, 2_800);

        pipeline.onPause(utterance);
        pipeline.onUtterance(utterance);
        awaitEvents(1);

        assertThat(events.get(0).originalText()).isEqualTo("all circuits are busy now");
        assertThat(counting.opened).hasValue(1);
        assertThat(pipeline.stats().pauseRecognitionsUsed()).isZero();
    }

    /** English-speaking alice and Russian-speaking boris, alice recognised by {@code recognizer}. */
    private DubbingPipeline aliceToBoris(SpeechRecognizer recognizer) {
        return pipeline(new SpeechEngines(Map.of(Language.EN, recognizer), memory, espeak, null), List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)));
    }

    /** Counts the recognition streams opened on the real recogniser it wraps. */
    private static class CountingRecognizer implements SpeechRecognizer {
        final AtomicInteger opened = new AtomicInteger();
        private final SpeechRecognizer engine;

        CountingRecognizer(SpeechRecognizer engine) {
            this.engine = engine;
        }

        @Override
        public Set<Language> languages() {
            return engine.languages();
        }

        @Override
        public RecognitionStream open(Language language, RecognitionListener listener) {
            opened.incrementAndGet();
            return engine.open(language, listener);
        }

        @Override
        public void close() {
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DubbingPipeline pipeline(SpeechEngines engines, List<Participant> participants) {
        UtteranceEventListener listener = event -> {
            sink.log.add("event:" + event.originalText());
            events.add(event);
        };
        return new DubbingPipeline("call-1", participants, engines, sink, listener, DubbingConfig.DEFAULTS,
                Clock.systemUTC());
    }

    private void awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).hasSize(count);
    }

    private static SpeechEngines engines(SpeechSynthesizer cloning) {
        return new SpeechEngines(Map.of(Language.EN, recognizer), memory, espeak, cloning);
    }

    /** The listener's mixer as the pipeline sees it: records every chunk in arrival order. */
    private static final class RecordingSink implements DubbedAudioSink {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<Object[]> chunks = new CopyOnWriteArrayList<>();

        @Override
        public void play(String listenerId, String speakerId, short[] pcm) {
            log.add("audio:" + listenerId + ":" + speakerId);
            chunks.add(new Object[] {listenerId, speakerId, pcm});
        }

        Set<String> listeners() {
            return Set.copyOf(chunks.stream().map(c -> (String) c[0]).toList());
        }

        Set<String> speakers() {
            return Set.copyOf(chunks.stream().map(c -> (String) c[1]).toList());
        }

        short[] audioFor(String listener) {
            List<short[]> audio = new ArrayList<>();
            chunks.stream().filter(c -> c[0].equals(listener)).forEach(c -> audio.add((short[]) c[2]));
            return TestAudio.concat(audio);
        }
    }

    /** A cloning engine stand-in: records which cloned voice it was asked for and speaks with espeak-ng. */
    private static final class RecordingClone implements SpeechSynthesizer {
        final List<String> voiceIds = new CopyOnWriteArrayList<>();

        @Override
        public Set<Language> languages() {
            return Set.of(Language.values());
        }

        @Override
        public boolean speaksClonedVoices() {
            return true;
        }

        @Override
        public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
            voiceIds.add(((Voice.Cloned) voice).voiceId());
            espeak.synthesize(text, language, new Voice.Standard(voice.profile()), audio);
        }

        @Override
        public void close() {
        }
    }
}
