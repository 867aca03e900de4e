package org.babelbridge.speech.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.mix.DubbedAudioSink;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.DubbingPipeline;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.stt.Recognition;
import org.babelbridge.speech.stt.RecognitionListener;
import org.babelbridge.speech.stt.SpeechRecognizer;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxConfig;
import org.babelbridge.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * Measures the offline engine set on this machine: per-stage latency of ~3 s utterances, STT
 * real-time factor, and end of utterance to first dubbed audio as concurrent speakers are added.
 * Prints Markdown. Run: see docs/benchmarks/speech.md.
 */
public final class SpeechBench {

    private SpeechBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("speech-bench");
        try (OfflineEngines offline = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work));
             PocketSphinxRecognizer general = PocketSphinxRecognizer.start(PocketSphinxConfig.DEFAULTS)) {
            List<short[]> utterances = threeSecondPrompts(offline);
            System.out.printf(Locale.ROOT, "utterances: %d recorded prompts of 2.5-3.5 s%n%n", utterances.size());
            if (!List.of(args).contains("--concurrency-only")) {
                stages(offline, utterances);
                realTimeFactor("PocketSphinx, phrase-memory grammar", offline.engines().recognizers().get(Language.EN),
                        utterances);
                realTimeFactor("PocketSphinx, general language model", general, utterances);
                System.out.println();
            }
            for (int speakers : new int[] {1, 2, 3, 4}) {
                concurrent(offline, utterances, speakers, args);
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(work);
        }
    }

    /** English prompts the memory translates to Russian whose recordings last 2.5-3.5 s. */
    private static List<short[]> threeSecondPrompts(OfflineEngines offline) {
        Map<String, String> texts = TestAudio.promptTexts("en");
        List<short[]> found = new ArrayList<>();
        for (Map.Entry<String, String> prompt : texts.entrySet()) {
            if (found.size() == 12 || !Files.exists(TestAudio.promptWav("en", prompt.getKey()))) {
                continue;
            }
            if (!offline.phraseMemory().translate(prompt.getValue(), Language.EN, Language.RU).isTranslated()) {
                continue;
            }
            short[] pcm = TestAudio.prompt16k("en", prompt.getKey());
            long ms = AudioFormat.millisForSamples(pcm.length);
            if (ms >= 2_500 && ms <= 3_500) {
                found.add(pcm);
            }
        }
        return found;
    }

    private static void stages(OfflineEngines offline, List<short[]> utterances) throws InterruptedException {
        List<Long> stt = new ArrayList<>();
        List<Long> mt = new ArrayList<>();
        List<Long> tts = new ArrayList<>();
        List<Long> firstAudio = new ArrayList<>();
        FirstAudioSink sink = new FirstAudioSink();
        List<UtteranceEvent> events = new CopyOnWriteArrayList<>();
        try (DubbingPipeline pipeline = new DubbingPipeline("bench", List.of(
                Participant.of("alice", Language.EN, VoiceProfile.NEUTRAL_FEMALE),
                Participant.of("boris", Language.RU, VoiceProfile.NEUTRAL_MALE)), offline.engines(), sink,
                event -> {
                    sink.eventFor(event.speakerId());
                    events.add(event);
                }, DubbingConfig.DEFAULTS, Clock.systemUTC())) {
            int runs = 2 * utterances.size();
            for (int i = 0; i < runs; i++) {
                short[] pcm = utterances.get(i % utterances.size());
                long submitted = System.nanoTime();
                sink.expect("alice", submitted);
                pipeline.onUtterance(new Utterance("alice", pcm.clone(), 0, 3_000));
                while (events.size() <= i) {
                    Thread.sleep(2);
                }
                // A speaker cannot say the next utterance before this one's length has passed; feeding them
                // faster would only fill the listener's backlog and get utterances skipped.
                long spokenMs = AudioFormat.millisForSamples(pcm.length);
                long elapsedMs = (System.nanoTime() - submitted) / 1_000_000;
                if (elapsedMs < spokenMs) {
                    Thread.sleep(spokenMs - elapsedMs);
                }
                UtteranceEvent event = events.get(i);
                stt.add(event.sttFinalMs());
                event.translationFor(Language.RU).ifPresent(t -> {
                    mt.add(t.mtMs());
                    tts.add(t.ttsFirstAudioMs());
                });
                firstAudio.addAll(sink.takeLatencies());
            }
        }
        System.out.println("| stage (one speaker, sequential) | p50 ms | p95 ms | n |");
        System.out.println("|---|---|---|---|");
        row("STT final after end of speech", stt);
        row("MT (phrase memory)", mt);
        row("TTS first audio (espeak-ng)", tts);
        row("end of utterance to first dubbed audio", firstAudio);
        System.out.println();
    }

    private static void realTimeFactor(String name, SpeechRecognizer recognizer, List<short[]> utterances) {
        long audioMs = 0;
        long start = System.nanoTime();
        for (short[] pcm : utterances) {
            Recognition.recognize(recognizer, Language.EN, pcm, RecognitionListener.NONE);
            audioMs += AudioFormat.millisForSamples(pcm.length);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "STT real-time factor, %s: %.2f (%.1f s of audio in %.1f s)%n",
                name, seconds / (audioMs / 1000.0), audioMs / 1000.0, seconds);
    }

    /** Each speaker talks 3 s, pauses 1 s, three times; one Russian listener hears them all. */
    private static void concurrent(OfflineEngines offline, List<short[]> utterances, int speakers, String[] args)
            throws InterruptedException {
        FirstAudioSink sink = new FirstAudioSink();
        AtomicInteger eventsSeen = new AtomicInteger();
        List<Participant> participants = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            participants.add(Participant.of("speaker-" + s, Language.EN, VoiceProfile.NEUTRAL_FEMALE));
        }
        participants.add(Participant.of("listener", Language.RU, VoiceProfile.NEUTRAL_MALE));
        int perSpeaker = 3;
        try (DubbingPipeline pipeline = new DubbingPipeline("bench-" + speakers, participants, offline.engines(),
                sink, event -> {
                    sink.eventFor(event.speakerId());
                    eventsSeen.incrementAndGet();
                }, DubbingConfig.DEFAULTS, Clock.systemUTC())) {
            long start = System.nanoTime();
            for (int round = 0; round < perSpeaker; round++) {
                for (int s = 0; s < speakers; s++) {
                    // Speakers end their utterances spread over the 4 s cycle.
                    long due = start + (round * 4_000L + s * 4_000L / speakers) * 1_000_000L;
                    long wait = (due - System.nanoTime()) / 1_000_000L;
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    String speaker = "speaker-" + s;
                    sink.expect(speaker, System.nanoTime());
                    pipeline.onUtterance(new Utterance(speaker,
                            utterances.get((round * speakers + s) % utterances.size()).clone(), 0, 3_000));
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (eventsSeen.get() + pipeline.stats().stageFailures() + pipeline.stats().utterancesDropped()
                    < speakers * perSpeaker && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<Long> latencies = sink.takeLatencies();
            if (speakers == 1) {
                System.out.println("| concurrent speakers (3 s speech every 4 s each) | first dubbed audio p50 ms "
                        + "| p95 ms | dubbed | missed STT deadline or dropped |");
                System.out.println("|---|---|---|---|---|");
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d |%n", speakers, percentile(latencies, 50),
                    percentile(latencies, 95), latencies.size(),
                    pipeline.stats().stageFailures() + pipeline.stats().utterancesDropped());
            if (List.of(args).contains("--verbose")) {
                System.out.println("latencies " + latencies);
            }
        }
    }

    private static void row(String name, List<Long> values) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", name, percentile(values, 50), percentile(values, 95),
                values.size());
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Times each utterance's first dubbed chunk from its submission; a speaker's utterances are in order. */
    private static final class FirstAudioSink implements DubbedAudioSink {
        private final Map<String, ArrayDeque<Long>> pending = new HashMap<>();
        private final Map<String, Boolean> heard = new HashMap<>();
        private final List<Long> latencies = new ArrayList<>();

        synchronized void expect(String speaker, long nanos) {
            pending.computeIfAbsent(speaker, s -> new ArrayDeque<>()).add(nanos);
        }

        /** The speaker's oldest pending utterance is finished (all its audio came before its event). */
        synchronized void eventFor(String speaker) {
            ArrayDeque<Long> queue = pending.get(speaker);
            if (queue != null) {
                queue.poll();
            }
            heard.put(speaker, false);
        }

        @Override
        public synchronized void play(String listenerId, String speakerId, short[] pcm) {
            ArrayDeque<Long> queue = pending.get(speakerId);
            if (!heard.getOrDefault(speakerId, false) && queue != null && !queue.isEmpty()) {
                latencies.add((System.nanoTime() - queue.peek()) / 1_000_000L);
                heard.put(speakerId, true);
            }
        }

        synchronized List<Long> takeLatencies() {
            List<Long> copy = new ArrayList<>(latencies);
            latencies.clear();
            return copy;
        }
    }
}
