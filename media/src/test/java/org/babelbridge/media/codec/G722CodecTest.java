package org.babelbridge.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class G722CodecTest {
    private static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");

    @TempDir
    Path dir;

    @Test
    void decodesDebiansRecordedPromptsExactlyLikeFfmpeg() throws IOException {
        byte[] stream = concatenatedPrompts();
        Path coded = Files.write(dir.resolve("prompts.g722"), stream);
        Path reference = dir.resolve("prompts.s16");
        ExternalTool.run(List.of("ffmpeg", "-loglevel", "error", "-f", "g722", "-i", coded.toString(),
                "-f", "s16le", "-acodec", "pcm_s16le", reference.toString()));

        G722Codec codec = new G722Codec();
        short[] decoded = new short[stream.length * 2];
        // Frame by frame (160 bytes = 20 ms), as a leg does: the state must carry across calls.
        for (int offset = 0; offset < stream.length; offset += 160) {
            int length = Math.min(160, stream.length - offset);
            assertThat(codec.decode(stream, offset, length, decoded, offset * 2)).isEqualTo(length * 2);
        }
        assertThat(decoded).isEqualTo(G711Test.readPcm(reference));
    }

    @Test
    void encodesSpeechExactlyLikeFfmpeg() throws IOException {
        Path pcm = widebandSpeech();
        Path reference = dir.resolve("ffmpeg.g722");
        ExternalTool.run(List.of("ffmpeg", "-loglevel", "error", "-f", "s16le", "-ar", "16000", "-ac", "1",
                "-i", pcm.toString(), "-acodec", "g722", "-f", "g722", reference.toString()));
        short[] samples = G711Test.readPcm(pcm);
        byte[] encoded = new byte[samples.length / 2];
        G722Codec codec = new G722Codec();
        for (int offset = 0; offset + 320 <= samples.length; offset += 320) {
            assertThat(codec.encode(samples, offset, 320, encoded, offset / 2)).isEqualTo(160);
        }
        int whole = samples.length / 320 * 160;
        assertThat(java.util.Arrays.copyOf(encoded, whole))
                .isEqualTo(java.util.Arrays.copyOf(Files.readAllBytes(reference), whole));
    }

    /**
     * Round trip SNR. G.722 at 64 kbit/s codes the 0-4 kHz band with 6-bit ADPCM (about 35 dB on
     * speech) and the 4-8 kHz band with only 2 bits, so a sweep that spends half its time above 4 kHz
     * scores lower. Measured here: 36.6 dB on recorded speech, 31.2 dB on a 100 Hz-7 kHz sweep. The
     * floors (30 and 25 dB) sit about 6 dB below, loose enough for other material yet far above what a
     * wrong table entry or predictor step leaves (well under 15 dB).
     */
    @Test
    void roundTripKeepsSpeechAbove30AndAWidebandSweepAbove25DecibelsSnr() {
        assertThat(roundTripSnrDb(G711Test.readPcmUnchecked(widebandSpeech()))).isGreaterThan(30.0);
        Path sweep = dir.resolve("sweep.s16");
        ExternalTool.run(List.of("sox", "-n", "-r", "16000", "-b", "16", "-e", "signed", "-c", "1", "-t", "raw",
                "-L", sweep.toString(), "synth", "3", "sine", "100-7000", "vol", "0.5"));
        assertThat(roundTripSnrDb(G711Test.readPcmUnchecked(sweep))).isGreaterThan(25.0);
    }

    private static double roundTripSnrDb(short[] input) {
        G722Codec codec = new G722Codec();
        int even = input.length & ~1;
        byte[] coded = new byte[even / 2];
        codec.encode(input, 0, even, coded, 0);
        short[] decoded = new short[even];
        codec.decode(coded, 0, coded.length, decoded, 0);
        // The two QMF banks delay the signal by a fixed number of samples: find it, then measure.
        double best = Double.NEGATIVE_INFINITY;
        int bestDelay = -1;
        for (int delay = 0; delay < 64; delay++) {
            double snr = snrDb(input, decoded, delay);
            if (snr > best) {
                best = snr;
                bestDelay = delay;
            }
        }
        assertThat(bestDelay).as("QMF delay in samples").isEqualTo(22);
        return best;
    }

    @Test
    void decodesArbitraryBytesWithoutFailingAndRecoversOnRealAudio() throws IOException {
        G722Codec codec = new G722Codec();
        java.util.Random random = new java.util.Random(9);
        byte[] garbage = new byte[160];
        short[] out = new short[320];
        for (int i = 0; i < 5_000; i++) {
            random.nextBytes(garbage);
            assertThat(codec.decode(garbage, 0, garbage.length, out, 0)).isEqualTo(320);
        }
        // The adaptive state is bounded, so real audio afterwards decodes to the reference within a few frames.
        byte[] prompt = Files.readAllBytes(SOUNDS.resolve("en/tt-weasels.g722"));
        short[] afterGarbage = new short[prompt.length * 2];
        codec.decode(prompt, 0, prompt.length, afterGarbage, 0);
        short[] fresh = new short[prompt.length * 2];
        new G722Codec().decode(prompt, 0, prompt.length, fresh, 0);
        int tail = fresh.length / 2;
        assertThat(java.util.Arrays.copyOfRange(afterGarbage, tail, fresh.length))
                .isEqualTo(java.util.Arrays.copyOfRange(fresh, tail, fresh.length));
    }

    @Test
    void keepsSilenceSilent() {
        G722Codec codec = new G722Codec();
        short[] silence = new short[3200];
        byte[] coded = new byte[1600];
        codec.encode(silence, 0, silence.length, coded, 0);
        short[] decoded = new short[3200];
        codec.decode(coded, 0, coded.length, decoded, 0);
        for (short sample : decoded) {
            assertThat(Math.abs(sample)).isLessThanOrEqualTo(8);
        }
    }

    @Test
    void describesTheRfc3551ClockRateQuirkAndRejectsOddSampleCounts() {
        G722Codec codec = new G722Codec();
        assertThat(codec.payloadType()).isEqualTo(9);
        assertThat(codec.rtpClockRate()).isEqualTo(8000);
        assertThat(codec.sampleRateHz()).isEqualTo(16000);
        assertThatThrownBy(() -> codec.encode(new short[3], 0, 3, new byte[2], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path widebandSpeech() {
        Path pcm = dir.resolve("speech16k.s16");
        ExternalTool.run(List.of("sox", SOUNDS.resolve("en/demo-congrats.wav").toString(), "-r", "16000",
                "-t", "raw", "-e", "signed", "-b", "16", "-L", pcm.toString()));
        return pcm;
    }

    private static byte[] concatenatedPrompts() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String language : List.of("en", "ru")) {
            try (Stream<Path> files = Files.list(SOUNDS.resolve(language))) {
                List<Path> prompts = files.filter(p -> p.toString().endsWith(".g722")).sorted().toList();
                assertThat(prompts).hasSizeGreaterThan(50);
                for (int i = 0; i < prompts.size(); i += 4) {
                    all.write(Files.readAllBytes(prompts.get(i)));
                }
            }
        }
        return all.toByteArray();
    }

    private static double snrDb(short[] original, short[] decoded, int delay) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i + delay < decoded.length; i++) {
            double error = decoded[i + delay] - original[i];
            signal += (double) original[i] * original[i];
            noise += error * error;
        }
        return 10 * Math.log10(signal / noise);
    }
}
