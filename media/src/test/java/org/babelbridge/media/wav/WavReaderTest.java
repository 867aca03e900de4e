package org.babelbridge.media.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.babelbridge.media.codec.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/demo-congrats.wav");

    @TempDir
    Path dir;

    @Test
    void readsARealRecordedPromptExactlyAsSoxDoes() throws IOException {
        WavAudio audio = WavReader.read(PROMPT);
        assertThat(audio.encoding()).isEqualTo(WavEncoding.PCM16);
        assertThat(audio.sampleRateHz()).isEqualTo(8000);
        assertThat(audio.durationMs()).isGreaterThan(1000);
        assertThat(audio.samples()).isEqualTo(soxToRaw(PROMPT));
    }

    @Test
    void readsMuLawFilesWrittenBySox() throws IOException {
        Path ulaw = dir.resolve("prompt-ulaw.wav");
        ExternalTool.run(List.of("sox", PROMPT.toString(), "-e", "mu-law", ulaw.toString()));
        WavAudio audio = WavReader.read(ulaw);
        assertThat(audio.encoding()).isEqualTo(WavEncoding.MULAW);
        assertThat(audio.samples()).isEqualTo(soxToRaw(ulaw));
    }

    @Test
    void skipsUnknownChunksSuchAsFfmpegsMetadataList() throws IOException {
        Path tagged = dir.resolve("tagged.wav");
        ExternalTool.run(List.of("ffmpeg", "-loglevel", "error", "-i", PROMPT.toString(), "-c:a", "pcm_s16le",
                "-metadata", "title=prompt", tagged.toString()));
        assertThat(new String(Files.readAllBytes(tagged), 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("LIST");
        assertThat(WavReader.read(tagged).samples()).isEqualTo(soxToRaw(PROMPT));
    }

    @Test
    void readsWaveFormatExtensibleHeaders() throws IOException {
        short[] samples = {1, -2, 300, -32768, 32767};
        ByteBuffer file = ByteBuffer.allocate(12 + 8 + 40 + 8 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes()).putInt(file.capacity() - 8).put("WAVE".getBytes());
        file.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(16000)
                .putInt(32000).putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16)
                .putInt(4).putShort((short) 1).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0,
                    0x38, (byte) 0x9B, 0x71});
        file.put("data".getBytes()).putInt(samples.length * 2);
        for (short sample : samples) {
            file.putShort(sample);
        }
        WavAudio audio = WavReader.read(file.array());
        assertThat(audio.samples()).isEqualTo(samples);
        assertThat(audio.sampleRateHz()).isEqualTo(16000);
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        byte[] valid = Files.readAllBytes(PROMPT);
        assertMalformed(new byte[0], "truncated");
        assertMalformed(slice(valid, 11), "truncated");
        assertMalformed(slice(valid, valid.length - 100), "truncated or lying size");
    }

    @Test
    void rejectsLyingChunkSizes() {
        byte[] file = WavWriter.toBytes(new short[100], 16000, WavEncoding.PCM16);
        assertMalformed(with(file, b -> b.putInt(40, 1_000_000)), "claims 1000000 bytes");
        assertMalformed(with(file, b -> b.putInt(16, 0x7FFF_FFF0)), "claims");
        assertMalformed(with(file, b -> b.putInt(4, 0xFFFF_FFF0)), "RIFF header claims");
        assertMalformed(with(file, b -> b.putInt(40, 199)), "whole number of samples");
    }

    @Test
    void rejectsLayoutsOtherThanMonoPcm16OrMuLawNamingTheProblem() {
        byte[] file = WavWriter.toBytes(new short[100], 16000, WavEncoding.PCM16);
        assertMalformed(with(file, b -> b.putShort(20, (short) 3)), "format tag 3");
        assertMalformed(with(file, b -> b.putShort(22, (short) 0)), "zero channels");
        assertMalformed(with(file, b -> b.putShort(22, (short) 2)), "only mono");
        assertMalformed(with(file, b -> b.putShort(34, (short) 8)), "8 bits");
        assertMalformed(with(file, b -> b.putInt(24, 0)), "sample rate 0");
        assertMalformed(with(file, b -> b.putShort(32, (short) 4)), "block align");
        assertMalformed(with(file, b -> b.putInt(28, 12345)), "byte rate");
    }

    @Test
    void rejectsFilesThatAreNotRiffWave() {
        byte[] file = WavWriter.toBytes(new short[10], 8000, WavEncoding.PCM16);
        assertMalformed(with(file, b -> b.put(0, (byte) 'X')), "not a WAV file");
        assertMalformed(with(file, b -> b.put(1, (byte) 'X')), "not a WAV file");
        assertMalformed(with(file, b -> b.put(0, "RIFX".getBytes())), "little-endian");
        assertMalformed(with(file, b -> b.put(8, "AVI ".getBytes())), "not 'WAVE'");
        assertMalformed(with(file, b -> b.put(12, "junk".getBytes())), "before the 'fmt ' chunk");
        assertMalformed(with(file, b -> b.put(12, "junk".getBytes()).put(36, "junk".getBytes())), "no 'fmt ' chunk");
        assertMalformed(with(file, b -> b.put(12, "data".getBytes())), "before the 'fmt ' chunk");
        assertMalformed(with(file, b -> b.put(36, "list".getBytes())), "no 'data' chunk");
        assertMalformed(with(file, b -> b.putInt(16, 14)), "at least 16");
    }

    @Test
    void neverThrowsAnythingButMalformedWavOnCorruptedFiles() throws IOException {
        Random random = new Random(42);
        byte[] pcm = Files.readAllBytes(PROMPT);
        byte[][] seeds = {
            slice(pcm, 2000),
            WavWriter.toBytes(new short[301], 8000, WavEncoding.MULAW),
            WavWriter.toBytes(new short[64], 16000, WavEncoding.PCM16),
        };
        int parsed = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < 200_000; iteration++) {
            byte[] seed = seeds[iteration % seeds.length];
            byte[] corrupt = mutate(seed, random);
            try {
                WavAudio audio = WavReader.read(corrupt);
                assertThat(audio.samples().length).isLessThanOrEqualTo(corrupt.length);
                parsed++;
            } catch (MalformedWavException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(10_000);
        assertThat(parsed).isGreaterThan(0);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                return slice(seed, random.nextInt(seed.length + 1));
            }
            case 1 -> {
                byte[] copy = seed.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    copy[random.nextInt(Math.min(copy.length, 64))] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 2 -> {
                byte[] copy = seed.clone();
                int at = 4 + 4 * random.nextInt(Math.min(copy.length, 60) / 4 - 1);
                ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, random.nextInt());
                return copy;
            }
            default -> {
                byte[] noise = new byte[random.nextInt(80)];
                random.nextBytes(noise);
                if (noise.length >= 12 && random.nextBoolean()) {
                    System.arraycopy("RIFF".getBytes(), 0, noise, 0, 4);
                    System.arraycopy("WAVE".getBytes(), 0, noise, 8, 4);
                }
                return noise;
            }
        }
    }

    private static void assertMalformed(byte[] file, String messagePart) {
        assertThatThrownBy(() -> WavReader.read(file))
                .isInstanceOf(MalformedWavException.class)
                .hasMessageContaining(messagePart);
    }

    private static byte[] with(byte[] file, Consumer<ByteBuffer> change) {
        byte[] copy = file.clone();
        change.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static byte[] slice(byte[] bytes, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, 0, copy, 0, length);
        return copy;
    }

    private short[] soxToRaw(Path wav) throws IOException {
        Path raw = dir.resolve(wav.getFileName() + ".s16");
        ExternalTool.run(List.of("sox", wav.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-L", raw.toString()));
        byte[] bytes = Files.readAllBytes(raw);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }
}
