package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.ExternalTool;
import org.babelbridge.media.codec.G711;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.mix.ListenerMixer;
import org.babelbridge.media.mix.MixerConfig;
import org.babelbridge.media.rtp.RtpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 8 kHz mixing path (every source and the listener on G.711): real prompts encoded by sox go
 * through the receive path (RTP, µ-law decode, 8 to 16 kHz, jitter buffer), the narrowband mix and
 * the send path, and must come out as sox's own bytes (one speaker) or as the exact sum of sox's
 * decoded samples (three speakers), against the 16 kHz path with its low-pass filters for comparison.
 */
class NarrowbandPathTest {
    private static final int FRAME_8K = ListenerMixer.NARROWBAND_FRAME;
    private static final int FRAMES = 60;
    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.0.1", 30_000);
    /** The half-band upsampler's delay, in 8 kHz samples: its even outputs are the input this late. */
    private static final int UPSAMPLER_DELAY = 20;

    @TempDir
    Path dir;

    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds/en");

    private byte[] soxMuLaw(String name) throws IOException {
        Path out = dir.resolve(name + ".ul");
        ExternalTool.run(List.of("sox", "-D", SOUNDS.resolve(name).toString(), "-r", "8000", "-c", "1", "-t", "raw",
                "-e", "mu-law", "-b", "8", out.toString()));
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes.length).as(name).isGreaterThanOrEqualTo(FRAMES * FRAME_8K);
        return bytes;
    }

    /** Speakers in slots 1..n, listener in slot 0; returns the µ-law bytes the listener is sent. */
    private static byte[] run(byte[][] speakers, boolean narrowband) {
        int slots = speakers.length + 1;
        LegReceiver[] receivers = new LegReceiver[slots];
        RtpWriter[] phones = new RtpWriter[slots];
        short[][] frames = new short[slots][AudioFormat.FRAME_SAMPLES];
        for (int s = 1; s < slots; s++) {
            receivers[s] = new LegReceiver(JitterBufferConfig.of(20, 200), 3);
            receivers[s].configure(new PcmuCodec(), 101, PHONE);
            phones[s] = new RtpWriter(100 + s, 7);
        }
        ListenerMixer mixer = new ListenerMixer(0, slots, MixerConfig.defaults());
        LegSender sender = new LegSender(1, 0, 0);
        sender.configure(new PcmuCodec());
        short[] out16 = new short[AudioFormat.FRAME_SAMPLES];
        short[] out8 = new short[FRAME_8K];
        byte[] datagram = new byte[12 + FRAME_8K];
        byte[] heard = new byte[FRAMES * FRAME_8K];
        for (int tick = 0; tick < FRAMES; tick++) {
            long now = 1_000_000_000L + tick * 20_000_000L;
            for (int s = 1; s < slots; s++) {
                System.arraycopy(speakers[s - 1], tick * FRAME_8K, datagram, 12, FRAME_8K);
                phones[s].writeHeader(datagram, 0, tick == 0, 4000L + tick * FRAME_8K, FRAME_8K);
                receivers[s].onDatagram(datagram, datagram.length, PHONE, now, (key, ms, ts) -> { });
                receivers[s].pull(frames[s]);
            }
            int length;
            if (narrowband) {
                assertThat(mixer.canMixNarrowband()).isTrue();
                mixer.mixNarrowband(frames, out8);
                length = sender.buildNarrowband(out8, tick);
            } else {
                mixer.mix(frames, out16);
                length = sender.build(out16, tick);
            }
            assertThat(length).isEqualTo(12 + FRAME_8K);
            System.arraycopy(sender.packet(), 12, heard, tick * FRAME_8K, FRAME_8K);
        }
        return heard;
    }

    @Test
    void oneSpeakerComesOutAsSoxsOwnMuLawBytes() throws IOException {
        byte[] sox = soxMuLaw("hello-world.wav");

        byte[] heard = run(new byte[][] {sox}, true);

        // Delayed by the upsampler only; every byte after that is the one sox wrote.
        byte[] expected = Arrays.copyOfRange(sox, 0, heard.length - UPSAMPLER_DELAY);
        byte[] actual = Arrays.copyOfRange(heard, UPSAMPLER_DELAY, heard.length);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void threeSpeakersMixToTheExactSumOfTheirDecodedSamples() throws IOException {
        byte[][] speakers = {soxMuLaw("hello-world.wav"), soxMuLaw("demo-congrats.wav"),
                soxMuLaw("conf-onlyperson.wav")};

        byte[] heard = run(speakers, true);

        int mismatches = 0;
        for (int i = UPSAMPLER_DELAY; i < heard.length; i++) {
            int sum = 0;
            for (byte[] speaker : speakers) {
                sum += G711.ulawToLinear(speaker[i - UPSAMPLER_DELAY]);
            }
            short clipped = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
            if (heard[i] != G711.linearToUlaw(clipped)) {
                mismatches++;
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void matchesTheFilteredSixteenKilohertzPathClosely() throws IOException {
        byte[][] speakers = {soxMuLaw("hello-world.wav"), soxMuLaw("demo-congrats.wav"),
                soxMuLaw("conf-onlyperson.wav")};

        short[] fast = decode(run(speakers, true));
        short[] reference = decode(run(speakers, false));

        // The reference adds the 16 to 8 kHz filter's delay (39 samples at 16 kHz, 19.5 at 8 kHz): compare
        // at the best whole-sample alignment, so the half-sample shift counts against the fast path.
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag < 40; lag++) {
            best = Math.max(best, snrDb(fast, reference, lag));
        }
        // 40 dB measured: the difference is the filter's ripple and the µ-law requantisation (~38 dB)
        // of the reference path, well below what a listener on a telephone line can hear.
        assertThat(best).isGreaterThan(30.0);
    }

    private static short[] decode(byte[] ulaw) {
        short[] pcm = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            pcm[i] = G711.ulawToLinear(ulaw[i]);
        }
        return pcm;
    }

    private static double snrDb(short[] fast, short[] reference, int lag) {
        double signal = 0;
        double noise = 0;
        for (int i = 400; i + lag < reference.length; i++) {
            double r = reference[i + lag];
            double d = r - fast[i];
            signal += r * r;
            noise += d * d;
        }
        return 10 * Math.log10(signal / Math.max(1, noise));
    }
}
