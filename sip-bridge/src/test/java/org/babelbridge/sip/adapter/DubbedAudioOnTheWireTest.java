package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * End of an English utterance to the first dubbed RTP packet sent to the Russian listener, measured on
 * the wire: tcpdump captures the call's RTP on loopback; the end of each utterance is the last loud
 * packet from the speaker before a pause, the first dubbed packet the first loud packet to the
 * listener after it. The speaker says several phrase-memory prompts, each followed by a pause.
 */
class DubbedAudioOnTheWireTest {

    /** Phrase-memory prompts, each long enough for an utterance and recognised by the offline engine. */
    private static final List<String> PROMPTS = List.of("all-circuits-busy-now", "queue-thankyou", "conf-onlyperson",
            "vm-reenterpassword", "agent-alreadyon");
    /** Silence after each prompt: the dubbing plays out before the next one starts. */
    private static final int PAUSE_SECONDS = 6;
    private static final double LOUD_DBFS = -30;
    /**
     * The end of speech as the endpointer is tested to find it (sox's {@code silence} at 1 % amplitude): the
     * prompts' last words fade from -30 to -40 dBFS over 140-180 ms, speech the endpointer waits out.
     */
    private static final double AUDIBLE_DBFS = -40;
    /** A pause in the speaker's audio at least this long ends an utterance (the prompts pause less inside). */
    private static final long UTTERANCE_GAP_MICROS = 1_500_000;
    /** The ducked original's own tail leaves the mixer within the jitter buffer's delay; dubbing starts later. */
    private static final long ORIGINAL_TAIL_MICROS = 250_000;

    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");

    private int rtpMin;
    private int rtpMax;
    private SpeechBridgeUnderTest bridge;
    private final List<Baresip> agents = new ArrayList<>();
    private final List<UtteranceEvent> utterances = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // a range of its own, so the capture holds this call's RTP only
        rtpMin = 43_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(50) * 100;
        rtpMax = rtpMin + 99;
        bridge = SpeechBridgeUnderTest.prepare("dubbed-on-the-wire", rtpMin, rtpMax, utterances::add)
                .startFront(SipFrontOptions.standalone());
    }

    @AfterEach
    void stop() throws Exception {
        for (Baresip agent : agents) {
            agent.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void firstDubbedPacketFollowsEachUtteranceOnTheWire() throws Exception {
        Assumptions.assumeTrue(RtpCapture.available(), "tcpdump cannot capture on loopback here");
        UserAccount alice = bridge.user("Alice", "en");
        UserAccount boris = bridge.user("Boris", "ru");
        ContactService contacts = bridge.context.getBean(ContactService.class);
        contacts.add(alice.id(), boris.email(), null, null);
        contacts.add(boris.id(), alice.email(), null, null);
        SipIdentityService identities = bridge.context.getBean(SipIdentityService.class);
        SipSecret aliceSip = identities.issueSipSecret(alice.id());
        SipSecret borisSip = identities.issueSipSecret(boris.id());

        List<String> parts = new ArrayList<>();
        for (String prompt : PROMPTS) {
            Path part = bridge.work.resolve(prompt + ".wav");
            sox(SOUNDS.resolve("en/" + prompt + ".wav").toString(), part.toString(), "pad", "1", String.valueOf(PAUSE_SECONDS));
            parts.add(part.toString());
        }
        Path speech = bridge.work.resolve("alice.wav");
        List<String> concatenate = new ArrayList<>(parts);
        concatenate.add(speech.toString());
        sox(concatenate.toArray(String[]::new));
        int speechSeconds = (int) Math.ceil(soxSeconds(speech));
        Path silence = bridge.work.resolve("silence.wav");
        sox("-n", "-r", "8000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", String.valueOf(speechSeconds + 20));

        List<RtpCapture.Packet> packets;
        try (RtpCapture capture = RtpCapture.start(bridge.work.resolve("call.pcap"), rtpMin, rtpMax)) {
            Baresip borisAgent = Baresip.start(bridge.work.resolve("boris"), freePort(), bridge.port, borisSip.sipUsername(),
                    borisSip.secret(), silence, speechSeconds + 15, null);
            agents.add(borisAgent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bridge.front.registrations().contacts(boris.id()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(bridge.front.registrations().contacts(boris.id())).as(borisAgent.log()).isNotEmpty();
            Baresip aliceAgent = Baresip.start(bridge.work.resolve("alice"), freePort(), bridge.port, aliceSip.sipUsername(),
                    aliceSip.secret(), speech, speechSeconds + 2, "sip:" + borisSip.sipUsername() + "@127.0.0.1:" + bridge.port);
            agents.add(aliceAgent);
            assertThat(aliceAgent.awaitExit(speechSeconds + 30)).isTrue();
            packets = capture.stopAndRead();
        }

        List<Long> latenciesMs = latenciesMs(packets, rtpMin, rtpMax);
        List<Long> sorted = latenciesMs.stream().filter(l -> l >= 0).sorted().toList();
        LoggerFactory.getLogger(DubbedAudioOnTheWireTest.class).info(
                "end of utterance to first dubbed RTP packet on the wire, per utterance (ms, -1: none): {}; p50 {} ms "
                        + "over {} utterances ({} RTP packets captured)", latenciesMs,
                sorted.isEmpty() ? "-" : sorted.get((sorted.size() - 1) / 2), sorted.size(), packets.size());
        List<Long> fromAudibleEnd = latenciesMs(packets, rtpMin, rtpMax, AUDIBLE_DBFS);
        List<Long> sortedFromAudibleEnd = fromAudibleEnd.stream().filter(l -> l >= 0).sorted().toList();
        LoggerFactory.getLogger(DubbedAudioOnTheWireTest.class).info(
                "the same from the last speaker packet above {} dBFS (ms): {}; p50 {} ms", AUDIBLE_DBFS, fromAudibleEnd,
                sortedFromAudibleEnd.isEmpty() ? "-" : sortedFromAudibleEnd.get((sortedFromAudibleEnd.size() - 1) / 2));
        logPipelineLatencies();
        assertThat(latenciesMs).as("utterances found in the speaker's RTP").hasSizeGreaterThanOrEqualTo(PROMPTS.size() - 1);
        assertThat(sorted).as("utterances followed by dubbed audio: %s", latenciesMs)
                .hasSizeGreaterThanOrEqualTo(PROMPTS.size() / 2 + 1);
        // a plausibility bound only: the speed target belongs to the benchmark figures
        assertThat(sorted.get((sorted.size() - 1) / 2)).isBetween(0L, (long) PAUSE_SECONDS * 1000);
    }

    /**
     * For each utterance in the speaker's packets (loud packets into the bridge, split by pauses), the
     * time from its last loud packet to the first loud packet the bridge sends the listener after it
     * (past the ducked original's tail), or -1 when none comes before the next utterance.
     */
    static List<Long> latenciesMs(List<RtpCapture.Packet> packets, int bridgeMin, int bridgeMax) {
        return latenciesMs(packets, bridgeMin, bridgeMax, LOUD_DBFS);
    }

    /** As {@link #latenciesMs(List, int, int)}, with the speaker's utterances ending at the last packet above {@code speakerEndDbfs}. */
    static List<Long> latenciesMs(List<RtpCapture.Packet> packets, int bridgeMin, int bridgeMax, double speakerEndDbfs) {
        // the speaker: the peer whose packets into the bridge are loud
        java.util.Map<Integer, Long> loudBySource = new java.util.HashMap<>();
        for (RtpCapture.Packet p : packets) {
            if (inRange(p.destinationPort(), bridgeMin, bridgeMax) && p.levelDbfs() > LOUD_DBFS) {
                loudBySource.merge(p.sourcePort(), 1L, Long::sum);
            }
        }
        if (loudBySource.isEmpty()) {
            return List.of();
        }
        int speakerPort = java.util.Collections.max(loudBySource.entrySet(), java.util.Map.Entry.comparingByValue()).getKey();
        List<long[]> utterances = new ArrayList<>(); // {start, end} in capture micros
        for (RtpCapture.Packet p : packets) {
            if (p.sourcePort() != speakerPort || !inRange(p.destinationPort(), bridgeMin, bridgeMax)
                    || p.levelDbfs() <= speakerEndDbfs) {
                continue;
            }
            long[] last = utterances.isEmpty() ? null : utterances.get(utterances.size() - 1);
            if (last == null || p.timeMicros() - last[1] >= UTTERANCE_GAP_MICROS) {
                utterances.add(new long[] {p.timeMicros(), p.timeMicros()});
            } else {
                last[1] = p.timeMicros();
            }
        }
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            long end = utterances.get(i)[1];
            long nextStart = i + 1 < utterances.size() ? utterances.get(i + 1)[0] : Long.MAX_VALUE;
            long first = -1;
            for (RtpCapture.Packet p : packets) {
                boolean toListener = inRange(p.sourcePort(), bridgeMin, bridgeMax) && p.destinationPort() != speakerPort
                        && !inRange(p.destinationPort(), bridgeMin, bridgeMax);
                if (toListener && p.levelDbfs() > LOUD_DBFS && p.timeMicros() > end + ORIGINAL_TAIL_MICROS
                        && p.timeMicros() < nextStart) {
                    first = p.timeMicros();
                    break;
                }
            }
            latencies.add(first < 0 ? -1 : (first - end) / 1000);
        }
        return latencies;
    }

    private static boolean inRange(int port, int min, int max) {
        return port >= min && port <= max;
    }

    /** The pipeline's own view, for comparison: end of speech to final recognition, translation, first audio. */
    private void logPipelineLatencies() {
        for (UtteranceEvent u : utterances) {
            u.translationFor(Language.RU).ifPresent(ru -> LoggerFactory.getLogger(DubbedAudioOnTheWireTest.class).info(
                    "pipeline: utterance '{}': final recognition {} ms, translation {} ms, first dubbed audio {} ms",
                    u.originalText(), u.sttFinalMs(), ru.mtMs(), ru.ttsFirstAudioMs()));
        }
    }

    private static double soxSeconds(Path wav) throws Exception {
        Process p = new ProcessBuilder("soxi", "-D", wav.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return Double.parseDouble(out);
    }

    private static void sox(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sox"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static int freePort() throws IOException {
        return org.babelbridge.sip.testing.FreePorts.udpAndTcp();
    }
}
