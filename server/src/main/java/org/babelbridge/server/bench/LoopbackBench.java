package org.babelbridge.server.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.Codecs;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.EngineStats;
import org.babelbridge.media.conference.LegStats;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.media.conference.MediaLeg;
import org.babelbridge.media.mix.Route;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.media.vad.UtteranceListener;
import org.babelbridge.server.loopback.Script;
import org.babelbridge.server.loopback.SimulatedPhone;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.DubbingPipeline;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.SpeechEngines;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * One bench run: {@code calls} concurrent calls of {@code parties} simulated phones each, wired as the SIP
 * front wires a call (one media leg per participant, one {@link CallMedia} and {@link DubbingPipeline} per
 * call, passthrough between same-language participants, dubbed otherwise), fed with real RTP over loopback.
 * English participants take turns saying recorded prompts every {@link #SLOT_SECONDS}; each listener of
 * another language is timed from the end of the prompt to the first loud audio it receives.
 */
final class LoopbackBench {

    static final double SLOT_SECONDS = 5.0;
    private static final double FIRST_SLOT_SECONDS = 1.0;
    /** Past this after the prompt ends, the speaker's (ducked) original has drained from every jitter buffer. */
    private static final long ORIGINAL_DRAINED_NANOS = 250_000_000L;
    private static final String[] PROMPTS = {"all-circuits-busy-now", "queue-thankyou"};

    private record Timed<T>(long nanos, int call, T value) {
    }

    private record Spoken(int call, int speaker, long endNanos, long nextStartNanos) {
    }

    private LoopbackBench() {
    }

    /** Runs one load level and returns its figures; the engines are shared between runs. */
    static BenchResult run(int parties, int calls, List<String> mix, int callSeconds, SpeechEngines speech,
                           int portBase) throws Exception {
        MediaEngine engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(portBase, portBase + 2 * parties * calls + 20), MediaClock.system());
        List<List<SimulatedPhone>> phones = new ArrayList<>();
        List<List<String>> languages = new ArrayList<>();
        List<List<Double>> slotStarts = new ArrayList<>();
        List<List<Integer>> slotSpeakers = new ArrayList<>();
        List<CallMedia> medias = new ArrayList<>();
        List<DubbingPipeline> pipelines = new ArrayList<>();
        List<MediaLeg> legs = new ArrayList<>();
        ConcurrentLinkedQueue<Timed<String>> utterances = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Timed<UtteranceEvent>> events = new ConcurrentLinkedQueue<>();
        short[][] prompts = {Script.prompt("en", PROMPTS[0]), Script.prompt("en", PROMPTS[1])};
        try {
            for (int c = 0; c < calls; c++) {
                int call = c;
                CallMedia media = engine.createCall("bench-" + c);
                DubbingPipeline pipeline = new DubbingPipeline("bench-" + c, List.of(), speech, media,
                        event -> events.add(new Timed<>(System.nanoTime(), call, event)), DubbingConfig.DEFAULTS,
                        Clock.systemUTC());
                media.setUtteranceListener(new UtteranceListener() {
                    @Override
                    public void onUtterance(Utterance u) {
                        utterances.add(new Timed<>(System.nanoTime(), call, u.speakerId()));
                        pipeline.onUtterance(u);
                    }

                    @Override
                    public void onPause(Utterance soFar) {
                        pipeline.onPause(soFar);
                    }
                });
                List<String> callLanguages = new ArrayList<>();
                List<Integer> english = new ArrayList<>();
                for (int p = 0; p < parties; p++) {
                    String language = mix.get(p % mix.size());
                    callLanguages.add(language);
                    if (language.equals("en")) {
                        english.add(p);
                    }
                }
                List<Script> scripts = new ArrayList<>();
                for (int p = 0; p < parties; p++) {
                    scripts.add(Script.silent(callSeconds));
                }
                List<Double> starts = new ArrayList<>();
                List<Integer> speakers = new ArrayList<>();
                for (int slot = 0; !english.isEmpty(); slot++) {
                    double at = FIRST_SLOT_SECONDS + slot * SLOT_SECONDS;
                    short[] prompt = prompts[slot % prompts.length];
                    if (at + SLOT_SECONDS > callSeconds) {
                        break;
                    }
                    int speaker = english.get(slot % english.size());
                    scripts.get(speaker).at(at, prompt);
                    starts.add(at);
                    speakers.add(speaker);
                }
                List<SimulatedPhone> callPhones = new ArrayList<>();
                for (int p = 0; p < parties; p++) {
                    String id = Integer.toString(p);
                    SimulatedPhone phone = new SimulatedPhone(c + "/" + p, scripts.get(p).pcm(), callSeconds + 2);
                    MediaLeg leg = engine.openLeg("bench-" + c + "-" + p);
                    leg.configure(Codecs.create("PCMU"), Codecs.create("PCMU"), -1,
                            new InetSocketAddress("127.0.0.1", phone.port()));
                    media.addParticipant(id, leg);
                    pipeline.addParticipant(Participant.of(id, Language.fromCode(callLanguages.get(p)),
                            VoiceProfile.NEUTRAL_MALE));
                    callPhones.add(phone);
                    legs.add(leg);
                }
                for (int s = 0; s < parties; s++) {
                    for (int l = 0; l < parties; l++) {
                        if (s != l) {
                            media.setRoute(Integer.toString(s), Integer.toString(l),
                                    callLanguages.get(s).equals(callLanguages.get(l)) ? Route.PASSTHROUGH : Route.DUBBED);
                        }
                    }
                }
                phones.add(callPhones);
                languages.add(callLanguages);
                slotStarts.add(starts);
                slotSpeakers.add(speakers);
                medias.add(media);
                pipelines.add(pipeline);
            }

            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            long busyBefore = engine.stats().tickBusyNanos();
            for (List<SimulatedPhone> callPhones : phones) {
                for (int p = 0; p < callPhones.size(); p++) {
                    callPhones.get(p).start(new InetSocketAddress("127.0.0.1", legs.get(phones.indexOf(callPhones)
                            * parties + p).localPort()));
                }
            }
            long depthSum = 0;
            int depthSamples = 0;
            int depthMax = 0;
            for (int second = 0; second < callSeconds; second++) {
                Thread.sleep(1000);
                for (MediaLeg leg : legs) {
                    int depth = leg.stats().playoutDelayMs();
                    depthSum += depth;
                    depthSamples++;
                    depthMax = Math.max(depthMax, depth);
                }
            }
            long wall = System.nanoTime() - wallBefore;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            EngineStats engineStats = engine.stats();
            long late = 0;
            long received = 0;
            for (MediaLeg leg : legs) {
                LegStats s = leg.stats();
                late += s.late();
                received += s.packetsReceived();
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            for (List<SimulatedPhone> callPhones : phones) {
                for (SimulatedPhone phone : callPhones) {
                    phone.stop();
                }
            }

            List<Spoken> spoken = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                List<Double> starts = slotStarts.get(c);
                for (int slot = 0; slot < starts.size(); slot++) {
                    int speaker = slotSpeakers.get(c).get(slot);
                    long t0 = phones.get(c).get(speaker).startNanos();
                    long end = t0 + seconds(starts.get(slot)) + samplesToNanos(prompts[slot % prompts.length].length);
                    long next = t0 + seconds(starts.get(slot) + SLOT_SECONDS);
                    spoken.add(new Spoken(c, speaker, end, next));
                }
            }
            List<BenchResult.Dubbed> dubbed = new ArrayList<>();
            int missed = 0;
            for (Spoken s : spoken) {
                long delivered = first(utterances, s, Long.toString(s.speaker()), s.endNanos() - seconds(3));
                Timed<UtteranceEvent> event = delivered < 0 ? null : firstEvent(events, s, delivered);
                for (int l = 0; l < parties; l++) {
                    String language = languages.get(s.call()).get(l);
                    if (l == s.speaker() || language.equals(languages.get(s.call()).get(s.speaker()))) {
                        continue;
                    }
                    long heard = phones.get(s.call()).get(l).firstLoudAfter(s.endNanos() + ORIGINAL_DRAINED_NANOS);
                    if (heard < 0 || heard >= s.nextStartNanos()) {
                        missed++;
                        continue;
                    }
                    double totalMs = (heard - s.endNanos()) / 1e6;
                    double vadMs = delivered < 0 ? Double.NaN : (delivered - s.endNanos()) / 1e6;
                    double queueMs = Double.NaN;
                    double sttMs = Double.NaN;
                    double mtMs = Double.NaN;
                    double ttsMs = Double.NaN;
                    if (event != null) {
                        queueMs = event.value().queueWaitMs();
                        sttMs = event.value().sttFinalMs();
                        UtteranceEvent.ListenerTranslation t =
                                event.value().translationFor(Language.fromCode(language)).orElse(null);
                        if (t != null) {
                            mtMs = t.mtMs();
                            ttsMs = t.ttsFirstAudioMs();
                        }
                    }
                    dubbed.add(new BenchResult.Dubbed(totalMs, vadMs, queueMs, sttMs, mtMs, ttsMs));
                }
            }
            int totalLegs = parties * calls;
            return new BenchResult(parties, calls, String.join(",", languages.get(0)), engineStats.latencySamples(),
                    engineStats.latencyP50Ms(), engineStats.latencyP99Ms(), dubbed, missed, late, received,
                    depthSamples == 0 ? 0 : (double) depthSum / depthSamples, depthMax,
                    100.0 * cpu / wall / totalLegs,
                    100.0 * (engineStats.tickBusyNanos() - busyBefore) / wall / totalLegs, heap / 1e6);
        } finally {
            for (List<SimulatedPhone> callPhones : phones) {
                for (SimulatedPhone phone : callPhones) {
                    phone.close();
                }
            }
            for (DubbingPipeline pipeline : pipelines) {
                pipeline.close();
            }
            for (CallMedia media : medias) {
                media.setUtteranceListener(null);
                media.close();
            }
            engine.close();
        }
    }

    private static long first(ConcurrentLinkedQueue<Timed<String>> utterances, Spoken s, String speaker, long from) {
        long best = -1;
        for (Timed<String> u : utterances) {
            if (u.call() == s.call() && u.value().equals(speaker) && u.nanos() >= from && u.nanos() < s.nextStartNanos()
                    && (best < 0 || u.nanos() < best)) {
                best = u.nanos();
            }
        }
        return best;
    }

    private static Timed<UtteranceEvent> firstEvent(ConcurrentLinkedQueue<Timed<UtteranceEvent>> events, Spoken s,
                                                    long from) {
        Timed<UtteranceEvent> best = null;
        for (Timed<UtteranceEvent> e : events) {
            if (e.call() == s.call() && e.value().speakerId().equals(Integer.toString(s.speaker()))
                    && e.nanos() >= from && (best == null || e.nanos() < best.nanos())) {
                best = e;
            }
        }
        return best;
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    private static long samplesToNanos(int samples) {
        return samples * 1_000_000_000L / SimulatedPhone.SAMPLE_RATE_HZ;
    }
}
