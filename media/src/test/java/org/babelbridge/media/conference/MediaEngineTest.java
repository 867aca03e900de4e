package org.babelbridge.media.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.mix.Route;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.wav.WavReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaEngineTest {
    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/hello-world.wav");

    private MediaEngine engine;
    private RtpPeer alice;
    private RtpPeer bob;
    private MediaLeg aliceLeg;
    private MediaLeg bobLeg;
    private CallMedia call;

    @BeforeEach
    void setUp() throws IOException {
        engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(41_000, 41_998).withTickerThreads(1).withJitter(400, 1000).withMixer(0, 4000), MediaClock.system());
        alice = new RtpPeer();
        bob = new RtpPeer();
        aliceLeg = engine.openLeg("alice-leg");
        bobLeg = engine.openLeg("bob-leg");
        aliceLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, alice.address());
        bobLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, bob.address());
        call = engine.createCall("call-1");
        call.addParticipant("alice", aliceLeg);
        call.addParticipant("bob", bobLeg);
    }

    @AfterEach
    void tearDown() throws IOException {
        engine.close();
        alice.close();
        bob.close();
    }

    private static short[] prompt8k() throws IOException {
        return WavReader.read(PROMPT).samples();
    }

    private static InetSocketAddress local(MediaLeg leg) {
        return new InetSocketAddress("127.0.0.1", leg.localPort());
    }

    private static void settle() {
        // Long enough for the 400 ms playout delay the tests use (a shared machine stalls senders).
        java.util.concurrent.locks.LockSupport.parkNanos(800_000_000L);
    }

    /**
     * How well {@code reference} is found in {@code signal}: the mean, over four equal parts of the
     * reference, of each part's best normalised cross-correlation. Per part, because an adaptive
     * jitter buffer may legitimately shift later audio by a frame when the machine stalls.
     */
    private static double bestCorrelation(short[] reference, short[] signal) {
        int parts = 4;
        int length = reference.length / parts;
        double sum = 0;
        for (int p = 0; p < parts; p++) {
            sum += bestWholeCorrelation(java.util.Arrays.copyOfRange(reference, p * length, (p + 1) * length), signal);
        }
        return sum / parts;
    }

    private static double bestWholeCorrelation(short[] reference, short[] signal) {
        double refEnergy = 0;
        for (short s : reference) {
            refEnergy += (double) s * s;
        }
        double best = 0;
        for (int lag = 0; lag + reference.length <= signal.length; lag++) {
            double dot = 0;
            double energy = 0;
            for (int i = 0; i < reference.length; i++) {
                double v = signal[lag + i];
                dot += reference[i] * v;
                energy += v * v;
            }
            if (energy > 0) {
                best = Math.max(best, dot / Math.sqrt(refEnergy * energy));
            }
        }
        return best;
    }

    private static int peak(short[] pcm) {
        int max = 0;
        for (short s : pcm) {
            max = Math.max(max, Math.abs(s));
        }
        return max;
    }

    @Test
    void passthroughSpeechArrivesIntactAtTheOtherLeg() throws IOException {
        short[] prompt = prompt8k();

        alice.sendPcmu(prompt, local(aliceLeg));
        settle();

        short[] heard = bob.receivedAudio();
        assertThat(bestCorrelation(prompt, heard)).isGreaterThan(0.9);
        assertThat(aliceLeg.stats().packetsReceived()).isEqualTo((prompt.length + 159) / 160);
        assertThat(aliceLeg.stats().lostFrames()).isZero();
    }

    @Test
    void aSpeakerNeverHearsTheirOwnVoice() throws IOException {
        alice.sendPcmu(prompt8k(), local(aliceLeg));
        settle();

        assertThat(alice.packetsReceived()).isPositive();
        assertThat(peak(alice.receivedAudio())).isLessThan(50);
    }

    @Test
    void dubbedSpeechQueuedThroughPlayComesOutOnTheListenersLegOnly() throws IOException {
        short[] prompt = prompt8k();
        Resampler up = new Resampler(8000, 16_000);
        short[] prompt16k = new short[up.maxOutputSamples(prompt.length)];
        int n = up.process(prompt, 0, prompt.length, prompt16k, 0);
        call.setRoute("alice", "bob", Route.DUBBED);

        call.play("bob", "alice", java.util.Arrays.copyOf(prompt16k, n));
        java.util.concurrent.locks.LockSupport.parkNanos(2_500_000_000L);

        short[] reference = java.util.Arrays.copyOfRange(prompt, 200, prompt.length - 200);
        assertThat(bestCorrelation(reference, bob.receivedAudio())).isGreaterThan(0.9);
        assertThat(peak(alice.receivedAudio())).isLessThan(50);
    }

    @Test
    void aLegOnHoldSendsNothingUntilResumed() {
        bobLeg.setSending(false);
        settle(); // frames already on their way arrive
        bob.clear();
        settle();
        assertThat(bob.packetsReceived()).isZero();

        bobLeg.setSending(true);
        settle();
        assertThat(bob.packetsReceived()).isPositive();
    }

    @Test
    void aMutedParticipantIsNotHeardAndUnmutingRestoresThem() throws IOException {
        short[] prompt = prompt8k();
        call.setMuted("alice", true);
        alice.sendPcmu(prompt, local(aliceLeg));
        settle();
        assertThat(peak(bob.receivedAudio())).isLessThan(50);

        call.setMuted("alice", false);
        bob.clear();
        alice.sendPcmu(prompt, local(aliceLeg));
        settle();
        assertThat(bestCorrelation(prompt, bob.receivedAudio())).isGreaterThan(0.9);
    }

    @Test
    void duckedOriginalUnderDubbedSpeechIsAttenuatedByTheConfiguredLevel() throws IOException {
        engine.close();
        engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(41_000, 41_998).withTickerThreads(1).withJitter(400, 1000).withMixer(-15, 4000), MediaClock.system());
        aliceLeg = engine.openLeg("alice-leg");
        bobLeg = engine.openLeg("bob-leg");
        aliceLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, alice.address());
        bobLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, bob.address());
        call = engine.createCall("call-2");
        call.addParticipant("alice", aliceLeg);
        call.addParticipant("bob", bobLeg);
        call.setRoute("alice", "bob", Route.DUBBED);
        short[] prompt = prompt8k();

        alice.sendPcmu(prompt, local(aliceLeg));
        settle();

        double ratioDb = 20 * Math.log10(rms(bob.receivedAudio()) / rms(prompt) * Math.sqrt(
                (double) bob.receivedAudio().length / prompt.length));
        assertThat(ratioDb).isBetween(-17.0, -13.0);
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, pcm.length));
    }

    @Test
    void findsUtterancesInTheSpeakersOriginalAudioOnly() throws IOException {
        List<org.babelbridge.media.vad.Utterance> utterances = new CopyOnWriteArrayList<>();
        call.setUtteranceListener(utterances::add);
        short[] prompt = prompt8k();
        short[] promptThenSilence = java.util.Arrays.copyOf(prompt, prompt.length + 8000);
        Resampler up = new Resampler(8000, 16_000);
        short[] dubbed = new short[up.maxOutputSamples(prompt.length)];
        up.process(prompt, 0, prompt.length, dubbed, 0);

        call.play("bob", "alice", dubbed);
        alice.sendPcmu(promptThenSilence, local(aliceLeg));
        settle();

        assertThat(utterances).isNotEmpty().allSatisfy(u -> assertThat(u.speakerId()).isEqualTo("alice"));
        long speechMs = utterances.stream().mapToLong(u -> u.durationMs()).sum();
        assertThat(speechMs).isBetween(600L, (long) prompt.length / 8 + 200);
        assertThat(call.stats().utterances()).isEqualTo(utterances.size());
    }

    @Test
    void reportsDtmfDigitsWithTheParticipantWhoPressedThem() throws IOException {
        List<String> digits = new CopyOnWriteArrayList<>();
        call.setDtmfListener((participant, digit, durationMs) -> digits.add(participant + ":" + digit + ":" + durationMs));

        alice.sendDigit(5, local(aliceLeg));
        alice.sendDigit(11, local(aliceLeg));
        settle();

        assertThat(digits).containsExactly("alice:5:120", "alice:#:120");
    }

    @Test
    void sendsDtmfToThePeerAsTelephoneEvents() {
        aliceLeg.sendDtmf("1#", 100);
        settle();

        assertThat(alice.endedEvents()).containsExactly(1, 11);
        assertThat(aliceLeg.dtmfDropped()).isZero();
    }

    @Test
    void latchesToTheSourceOfTheFirstPacketWhenSdpGaveNoAddress() throws IOException {
        MediaLeg carolLeg = engine.openLeg("carol-leg");
        carolLeg.configure(new PcmuCodec(), new PcmuCodec(), -1, null);
        call.addParticipant("carol", carolLeg);
        try (RtpPeer carol = new RtpPeer()) {
            settle();
            assertThat(carol.packetsReceived()).isZero();

            carol.sendPcmu(new short[800], local(carolLeg));
            settle();

            assertThat(carolLeg.remoteAddress()).isEqualTo(carol.address());
            assertThat(carol.packetsReceived()).isPositive();
        }
    }

    @Test
    void exchangesRtcpReportsWithThePeer() throws IOException {
        try (java.nio.channels.DatagramChannel rtcp = java.nio.channels.DatagramChannel.open()) {
            rtcp.bind(new InetSocketAddress("127.0.0.1", 0));
            byte[] sr = new byte[28];
            long ntp = org.babelbridge.media.rtp.Rtcp.ntpTimestamp(System.currentTimeMillis());
            org.babelbridge.media.rtp.Rtcp.writeSenderReport(sr, 0x1234_5678L, ntp, 0, 0, 0, List.of());
            rtcp.send(java.nio.ByteBuffer.wrap(sr), new InetSocketAddress("127.0.0.1", aliceLeg.localPort() + 1));
            alice.sendPcmu(prompt8k(), local(aliceLeg));

            rtcp.configureBlocking(false);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(1500);
            long deadline = System.nanoTime() + 8_000_000_000L;
            while (rtcp.receive(in) == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            List<org.babelbridge.media.rtp.RtcpReport> reports =
                    org.babelbridge.media.rtp.Rtcp.parse(in.array(), 0, in.position());

            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.senderReport()).isTrue();
                assertThat(r.blocks()).singleElement().satisfies(b -> {
                    assertThat(b.ssrc()).isEqualTo(0x1234_5678L);
                    assertThat(b.lastSenderReport()).isEqualTo((ntp >>> 16) & 0xFFFF_FFFFL);
                });
            });
            assertThat(aliceLeg.stats().rtcpReceived()).isEqualTo(1);
            assertThat(aliceLeg.stats().rtcpSent()).isPositive();
        }
    }

    @Test
    void malformedDatagramsAreCountedAndMediaKeepsFlowing() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(1, 200)];
            random.nextBytes(junk);
            junk[0] = (byte) (junk[0] | 0x80);
            alice.sendRaw(junk, local(aliceLeg));
        }
        short[] prompt = prompt8k();
        alice.sendPcmu(prompt, local(aliceLeg));
        settle();

        assertThat(aliceLeg.stats().malformed() + aliceLeg.stats().unknownPayload()).isPositive();
        assertThat(bestCorrelation(prompt, bob.receivedAudio())).isGreaterThan(0.9);
    }

    @Test
    void refusesAFifthParticipantAndALegAlreadyInACall() {
        call.addParticipant("carol", engine.openLeg("c"));
        call.addParticipant("dave", engine.openLeg("d"));

        assertThatThrownBy(() -> call.addParticipant("eve", engine.openLeg("e")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxParticipantsPerCall");
        assertThatThrownBy(() -> engine.createCall("other").addParticipant("alice", aliceLeg))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRemovedParticipantIsNoLongerHeardAndPlayForAnUnknownListenerIsCounted() throws IOException {
        call.removeParticipant("bob");
        call.play("bob", "alice", new short[320]);
        alice.sendPcmu(prompt8k(), local(aliceLeg));
        settle();

        assertThat(call.participants()).containsExactly("alice");
        assertThat(bob.packetsReceived()).isLessThan(5);
        assertThat(call.undeliverable()).isEqualTo(1);
        assertThat(bobLeg.call()).isNull();
    }

    @Test
    void closingALegFreesItsPortAndRemovesItFromTheCall() {
        int port = bobLeg.localPort();
        bobLeg.close();

        assertThat(call.participants()).containsExactly("alice");
        assertThat(engine.stats().openLegs()).isEqualTo(1);
        boolean reused = false;
        for (int i = 0; i < 600 && !reused; i++) {
            MediaLeg leg = engine.openLeg("x" + i);
            reused = leg.localPort() == port;
        }
        assertThat(reused).isTrue();
    }
}
