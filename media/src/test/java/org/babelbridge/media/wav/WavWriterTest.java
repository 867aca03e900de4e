package org.babelbridge.media.wav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.babelbridge.media.codec.ExternalTool;
import org.babelbridge.media.codec.G711;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesPcm16ThatSoxReadsBackSampleExactly() throws IOException {
        short[] samples = noise(16001, 1);
        Path wav = dir.resolve("pcm.wav");
        WavWriter.write(wav, samples, 16000, WavEncoding.PCM16);
        assertThat(ExternalTool.run(List.of("soxi", "-r", wav.toString())).trim()).isEqualTo("16000");
        assertThat(ExternalTool.run(List.of("soxi", "-c", wav.toString())).trim()).isEqualTo("1");
        assertThat(soxToRaw(wav)).isEqualTo(samples);
    }

    @Test
    void writesMuLawThatSoxDecodesLikeG711() throws IOException {
        short[] samples = noise(8001, 2);
        Path wav = dir.resolve("ulaw.wav");
        WavWriter.write(wav, samples, 8000, WavEncoding.MULAW);
        assertThat(ExternalTool.run(List.of("soxi", "-e", wav.toString()))).containsIgnoringCase("u-law");
        short[] expected = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            expected[i] = G711.ulawToLinear(G711.linearToUlaw(samples[i]));
        }
        assertThat(soxToRaw(wav)).isEqualTo(expected);
    }

    @Test
    void streamingWriterFillsInSizesOnCloseAndMatchesTheInMemoryFile() throws IOException {
        short[] samples = noise(4803, 3);
        Path wav = dir.resolve("stream.wav");
        try (WavWriter writer = WavWriter.open(wav, 8000, WavEncoding.MULAW)) {
            for (int offset = 0; offset < samples.length; offset += 160) {
                writer.append(samples, offset, Math.min(160, samples.length - offset));
            }
            assertThat(writer.samplesWritten()).isEqualTo(samples.length);
        }
        assertThat(Files.readAllBytes(wav)).isEqualTo(WavWriter.toBytes(samples, 8000, WavEncoding.MULAW));
        assertThat(WavReader.read(wav).samples()).hasSize(samples.length);
    }

    @Test
    void roundTripsThroughTheReader() throws IOException {
        short[] samples = noise(320, 4);
        WavAudio audio = WavReader.read(WavWriter.toBytes(samples, 24000, WavEncoding.PCM16));
        assertThat(audio.samples()).isEqualTo(samples);
        assertThat(audio.sampleRateHz()).isEqualTo(24000);
    }

    private static short[] noise(int count, long seed) {
        Random random = new Random(seed);
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        return samples;
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
