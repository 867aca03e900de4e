package org.babelbridge.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class G711Test {

    @TempDir
    Path dir;

    @Test
    void encodesEverySixteenBitSampleExactlyLikeSox() throws IOException {
        short[] all = everySample();
        Path raw = writePcm(all, dir.resolve("all.s16"));
        for (String encoding : List.of("mu-law", "a-law")) {
            Path coded = dir.resolve(encoding + ".raw");
            ExternalTool.run(List.of("sox", "-D", "-t", "raw", "-r", "8000", "-e", "signed", "-b", "16", "-c", "1",
                    "-L", raw.toString(), "-t", "raw", "-e", encoding, "-b", "8", coded.toString()));
            byte[] expected = Files.readAllBytes(coded);
            AudioCodec codec = encoding.equals("mu-law") ? new PcmuCodec() : new PcmaCodec();
            byte[] actual = new byte[all.length];
            assertThat(codec.encode(all, 0, all.length, actual, 0)).isEqualTo(all.length);
            assertThat(actual).as(encoding).isEqualTo(expected);
        }
    }

    @Test
    void decodesEveryCodeExactlyLikeSox() throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        Path coded = Files.write(dir.resolve("codes.raw"), codes);
        for (String encoding : List.of("mu-law", "a-law")) {
            Path pcm = dir.resolve(encoding + ".s16");
            ExternalTool.run(List.of("sox", "-D", "-t", "raw", "-r", "8000", "-e", encoding, "-b", "8", "-c", "1",
                    coded.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-L", pcm.toString()));
            short[] expected = readPcm(pcm);
            AudioCodec codec = encoding.equals("mu-law") ? new PcmuCodec() : new PcmaCodec();
            short[] actual = new short[256];
            assertThat(codec.decode(codes, 0, 256, actual, 0)).isEqualTo(256);
            assertThat(actual).as(encoding).isEqualTo(expected);
        }
    }

    @Test
    void decodesRealRecordedPromptLikeSox() throws IOException {
        Path prompt = Path.of("/usr/share/asterisk/sounds/en/demo-congrats.wav");
        Path ulaw = dir.resolve("prompt.ul");
        ExternalTool.run(List.of("sox", "-D", prompt.toString(), "-t", "raw", "-e", "mu-law", "-b", "8", ulaw.toString()));
        Path reference = dir.resolve("prompt.s16");
        ExternalTool.run(List.of("sox", "-t", "raw", "-r", "8000", "-e", "mu-law", "-b", "8", "-c", "1",
                ulaw.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-L", reference.toString()));
        byte[] payload = Files.readAllBytes(ulaw);
        short[] decoded = new short[payload.length];
        new PcmuCodec().decode(payload, 0, payload.length, decoded, 0);
        assertThat(payload.length).isGreaterThan(8000);
        assertThat(decoded).isEqualTo(readPcm(reference));
    }

    @Test
    void roundTripKeepsSilenceNearZeroAndLoudSamplesWithinQuantisationStep() {
        for (AudioCodec codec : List.of(new PcmuCodec(), new PcmaCodec())) {
            short[] in = {0, 1000, -1000, 32767, -32768, 12345};
            byte[] coded = new byte[in.length];
            short[] out = new short[in.length];
            codec.encode(in, 0, in.length, coded, 0);
            codec.decode(coded, 0, coded.length, out, 0);
            for (int i = 0; i < in.length; i++) {
                // The largest G.711 step is 1024 (µ-law) / 1024 (A-law) in the top segment.
                assertThat(Math.abs(out[i] - in[i])).as(codec.name() + " sample " + in[i]).isLessThanOrEqualTo(1024);
            }
            assertThat(Math.abs(out[0])).isLessThanOrEqualTo(8);
        }
    }

    static short[] everySample() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 32768);
        }
        return all;
    }

    static Path writePcm(short[] samples, Path path) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asShortBuffer().put(samples);
        return Files.write(path, buffer.array());
    }

    static short[] readPcmUnchecked(Path path) {
        try {
            return readPcm(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static short[] readPcm(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }
}
