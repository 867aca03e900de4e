package org.babelbridge.sip.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipSecret;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.speech.pipeline.UtteranceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton: two real baresip agents call each other through the bridge (real PostgreSQL,
 * media engine, PocketSphinx, phrase memory, espeak-ng); the English speaker is heard in Russian.
 */
class TranslatedCallTest {

    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");

    private SpeechBridgeUnderTest bridge;
    private final List<Baresip> agents = new ArrayList<>();
    // What the dubbing pipelines reported; the server turns these into transcript rows (TranscriptBridge).
    private final List<UtteranceEvent> utterances = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bridge = SpeechBridgeUnderTest.prepare("translated-call", 42000, 42200, utterances::add)
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
    void russianListenerHearsEnglishSpeakerDubbedInRussian() throws Exception {
        UserAccount alice = bridge.user("Alice", "en");
        UserAccount boris = bridge.user("Boris", "ru");
        ContactService contacts = bridge.context.getBean(ContactService.class);
        contacts.add(alice.id(), boris.email(), null, null);
        contacts.add(boris.id(), alice.email(), null, null);
        SipIdentityService identities = bridge.context.getBean(SipIdentityService.class);
        SipSecret aliceSip = identities.issueSipSecret(alice.id());
        SipSecret borisSip = identities.issueSipSecret(boris.id());

        Path speech = bridge.work.resolve("alice.wav");
        sox(SOUNDS.resolve("en/all-circuits-busy-now.wav").toString(), bridge.work.resolve("a1.wav").toString(), "pad", "1", "3");
        sox(SOUNDS.resolve("en/queue-thankyou.wav").toString(), bridge.work.resolve("a2.wav").toString(), "pad", "0", "8");
        sox(bridge.work.resolve("a1.wav").toString(), bridge.work.resolve("a2.wav").toString(), speech.toString());
        Path silence = bridge.work.resolve("silence.wav");
        sox("-n", "-r", "8000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", "30");

        Baresip borisAgent = Baresip.start(bridge.work.resolve("boris"), freePort(), bridge.port, borisSip.sipUsername(),
                borisSip.secret(), silence, 25, null);
        agents.add(borisAgent);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bridge.front.registrations().contacts(boris.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(bridge.front.registrations().contacts(boris.id())).as(borisAgent.log()).isNotEmpty();

        Baresip aliceAgent = Baresip.start(bridge.work.resolve("alice"), freePort(), bridge.port, aliceSip.sipUsername(),
                aliceSip.secret(), speech, 16, "sip:" + borisSip.sipUsername() + "@127.0.0.1:" + bridge.port);
        agents.add(aliceAgent);
        assertThat(aliceAgent.awaitExit(30)).isTrue();
        long endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bridge.front.activeCalls() > 0 && System.nanoTime() < endDeadline) {
            Thread.sleep(100);
        }
        borisAgent.close();

        // Boris hears Alice's original ducked by 15 dB under the dubbing: whatever of it would still be
        // louder than -30 dBFS is subtracted, so what remains is speech the bridge synthesised.
        double duckedOriginalSeconds = loudSeconds(speech, -30 + 15);
        double heardSeconds = loudSeconds(borisAgent.heard(), -30);
        org.slf4j.LoggerFactory.getLogger(TranslatedCallTest.class).info(
                "Boris heard {} s of loud audio; the ducked original accounts for at most {} s", heardSeconds, duckedOriginalSeconds);
        assertThat(heardSeconds - duckedOriginalSeconds)
                .as("loud seconds heard by Boris (%.2f) beyond the ducked original (%.2f)", heardSeconds, duckedOriginalSeconds)
                .isBetween(0.5, 12.0);

        try (Connection c = bridge.db.connect()) {
            PreparedStatement call = c.prepareStatement(
                    "SELECT id, status, is_active, duration_seconds FROM calls WHERE caller_user_id = ?");
            call.setLong(1, alice.id());
            ResultSet row = call.executeQuery();
            assertThat(row.next()).isTrue();
            long callId = row.getLong("id");
            assertThat(row.getString("status")).isEqualTo("ended");
            assertThat(row.getBoolean("is_active")).isFalse();
            assertThat(row.getInt("duration_seconds")).isBetween(5, 30);
            PreparedStatement left = c.prepareStatement(
                    "SELECT count(*) FROM call_participants WHERE call_id = ? AND left_at IS NOT NULL");
            left.setLong(1, callId);
            ResultSet leftRow = left.executeQuery();
            leftRow.next();
            assertThat(leftRow.getInt(1)).isEqualTo(2);
            long reportedCallId = callId;
            assertThat(utterances).as("utterances reported for the call").isNotEmpty()
                    .allSatisfy(u -> assertThat(u.callId()).isEqualTo(Long.toString(reportedCallId)));
            assertThat(utterances).anySatisfy(u -> assertThat(u.translationFor(org.babelbridge.speech.Language.RU))
                    .hasValueSatisfying(ru -> assertThat(ru.translatedText()).matches(".*\\p{IsCyrillic}.*")));
            for (UtteranceEvent u : utterances) {
                u.translationFor(org.babelbridge.speech.Language.RU).ifPresent(ru ->
                        org.slf4j.LoggerFactory.getLogger(TranslatedCallTest.class).info(
                                "utterance '{}': end of speech to final recognition {} ms, translation {} ms, first dubbed audio {} ms",
                                u.originalText(), u.sttFinalMs(), ru.mtMs(), ru.ttsFirstAudioMs()));
            }
        }
    }

    @Test
    void secondEnglishListenerHearsOriginalWhileRussianHearsDubbing() throws Exception {
        UserAccount alice = bridge.user("Alice", "en");
        UserAccount boris = bridge.user("Boris", "ru");
        UserAccount carol = bridge.user("Carol", "en");
        ContactService contacts = bridge.context.getBean(ContactService.class);
        for (UserAccount a : List.of(alice, boris, carol)) {
            for (UserAccount b : List.of(alice, boris, carol)) {
                if (a.id() != b.id()) {
                    contacts.add(a.id(), b.email(), null, null);
                }
            }
        }
        SipIdentityService identities = bridge.context.getBean(SipIdentityService.class);
        SipSecret aliceSip = identities.issueSipSecret(alice.id());
        SipSecret borisSip = identities.issueSipSecret(boris.id());
        SipSecret carolSip = identities.issueSipSecret(carol.id());

        Path prompt = SOUNDS.resolve("en/all-circuits-busy-now.wav");
        Path speech = bridge.work.resolve("alice.wav");
        sox(prompt.toString(), bridge.work.resolve("a1.wav").toString(), "pad", "6", "3");
        sox(SOUNDS.resolve("en/queue-thankyou.wav").toString(), bridge.work.resolve("a2.wav").toString(), "pad", "0", "8");
        sox(bridge.work.resolve("a1.wav").toString(), bridge.work.resolve("a2.wav").toString(), speech.toString());
        Path silence = bridge.work.resolve("silence.wav");
        sox("-n", "-r", "8000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", "40");

        Baresip borisAgent = register(boris, borisSip, silence);
        Baresip carolAgent = register(carol, carolSip, silence);
        Baresip aliceAgent = Baresip.start(bridge.work.resolve("alice"), freePort(), bridge.port, aliceSip.sipUsername(),
                aliceSip.secret(), speech, 22, "sip:" + borisSip.sipUsername() + "@127.0.0.1:" + bridge.port);
        agents.add(aliceAgent);
        CallService calls = bridge.context.getBean(CallService.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.activeCallOf(alice.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long callId = calls.activeCallOf(alice.id()).orElseThrow(() -> new AssertionError(aliceAgent.log())).id();
        bridge.front.invite(callId, alice.id(), carol.id());

        assertThat(aliceAgent.awaitExit(40)).isTrue();
        borisAgent.close();
        carolAgent.close();
        long endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bridge.front.activeCalls() > 0 && System.nanoTime() < endDeadline) {
            Thread.sleep(100);
        }

        assertThat(calls.find(callId).orElseThrow().participants()).hasSize(3);
        double correlation = bestCorrelation(readPcm(carolAgent.heard()), readPcm(prompt));
        double duckedOriginalSeconds = loudSeconds(speech, -30 + 15);
        double borisSeconds = loudSeconds(borisAgent.heard(), -30);
        org.slf4j.LoggerFactory.getLogger(TranslatedCallTest.class).info(
                "Carol's recording correlates {} with the prompt; Boris heard {} s loud (ducked original at most {} s)",
                correlation, borisSeconds, duckedOriginalSeconds);
        assertThat(correlation).as("Carol hears Alice's original").isGreaterThanOrEqualTo(0.5);
        assertThat(borisSeconds - duckedOriginalSeconds).as("Boris hears dubbed speech").isGreaterThan(0.5);
    }

    private Baresip register(UserAccount user, SipSecret sip, Path source) throws Exception {
        Baresip agent = Baresip.start(bridge.work.resolve(user.fullName().toLowerCase()), freePort(), bridge.port,
                sip.sipUsername(), sip.secret(), source, 45, null);
        agents.add(agent);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bridge.front.registrations().contacts(user.id()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(bridge.front.registrations().contacts(user.id())).as(agent.log()).isNotEmpty();
        return agent;
    }

    /**
     * How well {@code template} is found in {@code signal}: the mean, over four equal parts of the
     * template, of each part's best correlation. Per part, because the adaptive jitter buffer may
     * legitimately shift later audio by a frame or two when a loaded machine stalls a sender.
     */
    static double bestCorrelation(short[] signal, short[] template) {
        int parts = 4;
        int length = template.length / parts;
        double sum = 0;
        for (int p = 0; p < parts; p++) {
            sum += bestWindowCorrelation(signal, java.util.Arrays.copyOfRange(template, p * length, (p + 1) * length));
        }
        return sum / parts;
    }

    /**
     * Highest Pearson correlation of {@code template} with a same-length window of {@code signal}: the
     * lag is found on 10 ms energy envelopes, then refined sample by sample around it.
     */
    private static double bestWindowCorrelation(short[] signal, short[] template) {
        int hop = 80;
        double[] signalEnvelope = envelope(signal, hop);
        double[] templateEnvelope = envelope(template, hop);
        int bestFrame = 0;
        double bestEnvelope = -1;
        for (int frame = 0; frame + templateEnvelope.length <= signalEnvelope.length; frame++) {
            double r = pearson(signalEnvelope, frame, templateEnvelope);
            if (r > bestEnvelope) {
                bestEnvelope = r;
                bestFrame = frame;
            }
        }
        double[] t = new double[template.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = template[i];
        }
        double[] s = new double[signal.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = signal[i];
        }
        double best = 0;
        int from = Math.max(0, bestFrame * hop - 25 * hop);
        int to = Math.min(signal.length - template.length, bestFrame * hop + 25 * hop);
        for (int offset = from; offset <= to; offset++) {
            best = Math.max(best, pearson(s, offset, t));
        }
        return best;
    }

    private static double[] envelope(short[] pcm, int hop) {
        double[] envelope = new double[pcm.length / hop];
        for (int f = 0; f < envelope.length; f++) {
            double sum = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            envelope[f] = Math.sqrt(sum / hop);
        }
        return envelope;
    }

    private static double pearson(double[] signal, int offset, double[] template) {
        int n = template.length;
        double meanS = 0;
        double meanT = 0;
        for (int i = 0; i < n; i++) {
            meanS += signal[offset + i];
            meanT += template[i];
        }
        meanS /= n;
        meanT /= n;
        double dot = 0;
        double normS = 0;
        double normT = 0;
        for (int i = 0; i < n; i++) {
            double x = signal[offset + i] - meanS;
            double y = template[i] - meanT;
            dot += x * y;
            normS += x * x;
            normT += y * y;
        }
        return normS > 0 && normT > 0 ? dot / Math.sqrt(normS * normT) : 0;
    }

    static short[] readPcm(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            javax.sound.sampled.AudioFormat format = in.getFormat();
            assertThat(format.getSampleRate()).isEqualTo(8000f);
            byte[] bytes = in.readAllBytes();
            int channels = format.getChannels();
            short[] pcm = new short[bytes.length / 2 / channels];
            for (int i = 0; i < pcm.length; i++) {
                int at = i * 2 * channels;
                pcm[i] = format.isBigEndian() ? (short) ((bytes[at] << 8) | (bytes[at + 1] & 0xff))
                        : (short) ((bytes[at + 1] << 8) | (bytes[at] & 0xff));
            }
            return pcm;
        }
    }

    /** Seconds of 20 ms frames louder than {@code thresholdDbfs}. */
    private static double loudSeconds(Path wav, double thresholdDbfs) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            javax.sound.sampled.AudioFormat format = in.getFormat();
            int frameSamples = (int) format.getSampleRate() / 50;
            int channels = format.getChannels();
            byte[] bytes = in.readAllBytes();
            boolean bigEndian = format.isBigEndian();
            int samples = bytes.length / 2 / channels;
            double threshold = 32768 * Math.pow(10, thresholdDbfs / 20);
            int loudFrames = 0;
            for (int start = 0; start + frameSamples <= samples; start += frameSamples) {
                double sum = 0;
                for (int i = start; i < start + frameSamples; i++) {
                    int at = i * 2 * channels;
                    int s = bigEndian ? (bytes[at] << 8) | (bytes[at + 1] & 0xff) : (bytes[at + 1] << 8) | (bytes[at] & 0xff);
                    sum += (double) s * s;
                }
                if (Math.sqrt(sum / frameSamples) > threshold) {
                    loudFrames++;
                }
            }
            return loudFrames * 0.02;
        }
    }

    static void sox(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sox"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static int freePort() throws IOException {
        return org.babelbridge.sip.testing.FreePorts.udpAndTcp();
    }
}
