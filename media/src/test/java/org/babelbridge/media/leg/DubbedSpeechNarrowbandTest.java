package org.babelbridge.media.leg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.ExternalTool;
import org.babelbridge.media.codec.G711;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.mix.DubbedDownsampler;
import org.babelbridge.media.mix.ListenerMixer;
import org.babelbridge.media.mix.MixerConfig;
import org.babelbridge.media.mix.Route;
import org.babelbridge.media.resample.HalfBandResampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dubbed speech for an 8 kHz listener on the 8 kHz path: real wideband speech (the G.722 recordings of
 * asterisk-core-sounds, decoded by ffmpeg, standing in for a TTS voice) is queued in chunks the way speech
 * engines deliver it, with 8 kHz copies made at queue time, and what the listener is sent in µ-law is
 * compared with the 16 kHz mix followed by the send-side 16 to 8 kHz filter.
 */
class DubbedSpeechNarrowbandTest {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final int FRAME_8K = ListenerMixer.NARROWBAND_FRAME;
    private static final int FRAMES = 250;
    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds/en");
    /** Chunk sizes in 16 kHz samples: 100 ms as a streaming TTS service sends, and odd resampler outputs. */
    private static final int[] CHUNK_SIZES = {1600, 1733, 411, 2205, 1, 960, 3001};
    /** The half-band upsampler's delay on receive, in 8 kHz samples. */
    private static final int UPSAMPLER_DELAY = 20;

    @TempDir
    Path dir;

    private short[] raw(List<String> command, Path out) throws IOException {
        ExternalTool.run(command);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(pcm);
        return pcm;
    }

    /** A prompt's G.722 recording decoded to 16 kHz: real wideband speech with energy up to 7 kHz. */
    private short[] wideband(String name) throws IOException {
        Path out = dir.resolve(name + ".16k.raw");
        return raw(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "g722", "-i",
                SOUNDS.resolve(name + ".g722").toString(), "-f", "s16le", "-ar", "16000", "-ac", "1", "-y",
                out.toString()), out);
    }

    /** A prompt's 8 kHz recording, as a G.711 phone would send it. */
    private short[] narrowband(String name) throws IOException {
        Path out = dir.resolve(name + ".8k.raw");
        return raw(List.of("sox", "-D", SOUNDS.resolve(name + ".wav").toString(), "-r", "8000", "-c", "1",
                "-t", "raw", "-e", "signed-integer", "-b", "16", out.toString()), out);
    }

    /** A little more dubbed speech than the run plays (within the backlog bound, so nothing is dropped). */
    private short[] dubbedSpeech() throws IOException {
        short[] speech = wideband("demo-congrats");
        assertThat(speech.length).isGreaterThan(FRAMES * FRAME + 4321);
        return Arrays.copyOf(speech, FRAMES * FRAME + 4321);
    }

    private static List<short[]> chunks(short[] pcm) {
        List<short[]> chunks = new ArrayList<>();
        for (int offset = 0, i = 0; offset < pcm.length; i++) {
            int size = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], pcm.length - offset);
            chunks.add(Arrays.copyOfRange(pcm, offset, offset + size));
            offset += size;
        }
        return chunks;
    }

    /** What one listener was sent: the decoded µ-law, the linear mix (8 kHz path only) and the backlog per tick. */
    private record Heard(short[] pcm, short[] linear, int[] backlog) {
    }

    /**
     * Listener in slot 0 on PCMU; speaker in slot 1, routed DUBBED, whose original (8 kHz, or null for
     * none) goes through the receive-side upsampler and whose dubbed speech is queued up front.
     */
    private static Heard run(short[] original8k, short[] dubbed16k, boolean narrowbandPath) {
        ListenerMixer mixer = new ListenerMixer(0, 2, new MixerConfig(-15, 20_000));
        mixer.setRoute(1, Route.DUBBED);
        DubbedDownsampler downsampler = new DubbedDownsampler();
        for (short[] chunk : chunks(dubbed16k)) {
            mixer.queue(1, chunk, narrowbandPath ? downsampler.toNarrowband("speaker", chunk) : null);
        }
        HalfBandResampler upsampler = HalfBandResampler.upsampler();
        LegSender sender = new LegSender(1, 0, 0);
        sender.configure(new PcmuCodec());
        short[][] frames = new short[2][];
        short[] received = new short[FRAME];
        short[] out16 = new short[FRAME];
        short[] out8 = new short[FRAME_8K];
        short[] heard = new short[FRAMES * FRAME_8K];
        short[] linear = new short[FRAMES * FRAME_8K];
        int[] backlog = new int[FRAMES];
        for (int tick = 0; tick < FRAMES; tick++) {
            if (original8k != null) {
                upsampler.process(original8k, tick * FRAME_8K, FRAME_8K, received, 0);
                frames[1] = received;
            }
            int length;
            if (narrowbandPath) {
                assertThat(mixer.canMixNarrowband()).as("tick %d", tick).isTrue();
                mixer.mixNarrowband(frames, out8);
                System.arraycopy(out8, 0, linear, tick * FRAME_8K, FRAME_8K);
                length = sender.buildNarrowband(out8, tick);
            } else {
                mixer.mix(frames, out16);
                length = sender.build(out16, tick);
            }
            assertThat(length).isEqualTo(12 + FRAME_8K);
            for (int i = 0; i < FRAME_8K; i++) {
                heard[tick * FRAME_8K + i] = G711.ulawToLinear(sender.packet()[12 + i]);
            }
            backlog[tick] = mixer.queuedSamples();
        }
        return new Heard(heard, linear, backlog);
    }

    @Test
    void dubbedSpeechOnTheEightKilohertzPathMatchesTheFilteredSixteenKilohertzPath() throws IOException {
        short[] dubbed = dubbedSpeech();

        Heard fast = run(null, dubbed, true);
        Heard reference = run(null, dubbed, false);

        // The copies are made by the send path's own filter, streaming across chunks, and played 19 samples
        // behind the 16 kHz audio as the send filter plays it: the same samples at the same time. The only
        // possible difference is where a chunk ends on an even position and its last copy sample is computed
        // with silence in place of the next chunk's first sample (outermost tap, ~1e-4 of one sample): a
        // rounding flip there can move one µ-law step. Measured: all 40 000 µ-law samples identical. Allowed:
        // 0.1 % of samples off by a step, and 40 dB SNR (a single flip of the largest µ-law step, 1024, in
        // 5 s of speech still leaves ~50 dB); a telephone listener cannot tell 30 dB apart.
        int differing = 0;
        for (int i = 0; i < fast.pcm().length; i++) {
            if (fast.pcm()[i] != reference.pcm()[i]) {
                differing++;
            }
        }
        assertThat(differing).isLessThanOrEqualTo(fast.pcm().length / 1000);
        assertThat(snrDb(fast.pcm(), reference.pcm())).isGreaterThan(40.0);
        // The dubbed backlog drains 20 ms per tick on either path.
        assertThat(fast.backlog()).isEqualTo(reference.backlog());
        assertThat(fast.backlog()[0]).isEqualTo(dubbed.length - FRAME);
    }

    @Test
    void theOriginalIsDuckedUnderDubbedSpeechOnTheEightKilohertzPath() throws IOException {
        short[] original = narrowband("hello-world");
        short[] extended = Arrays.copyOf(original, FRAMES * FRAME_8K); // silence after the prompt
        short[] dubbed = dubbedSpeech();

        Heard mixed = run(extended, dubbed, true);
        Heard dubbedOnly = run(null, dubbed, true);

        // What the mix adds to the dubbed speech is the original (as received: 20 samples of upsampler delay)
        // at the ducking gain, exactly, sample by sample.
        int gain = new MixerConfig(-15, 20_000).duckGainQ15();
        double originalEnergy = 0;
        double duckedEnergy = 0;
        for (int i = UPSAMPLER_DELAY; i < original.length; i++) {
            int ducked = mixed.linear()[i] - dubbedOnly.linear()[i];
            assertThat(ducked).as("sample %d", i).isEqualTo((original[i - UPSAMPLER_DELAY] * gain) >> 15);
            originalEnergy += (double) original[i - UPSAMPLER_DELAY] * original[i - UPSAMPLER_DELAY];
            duckedEnergy += (double) ducked * ducked;
        }
        assertThat(10 * Math.log10(duckedEnergy / originalEnergy)).isBetween(-15.1, -14.9);
        assertThat(rms(dubbedOnly.linear(), UPSAMPLER_DELAY, original.length)).isGreaterThan(300.0);
    }

    private static double rms(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    private static double snrDb(short[] actual, short[] reference) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i];
            double d = r - actual[i];
            signal += r * r;
            noise += d * d;
        }
        return 10 * Math.log10(signal / Math.max(1, noise));
    }
}
