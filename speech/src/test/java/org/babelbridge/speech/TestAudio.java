package org.babelbridge.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;

/** Real recorded speech for tests: Debian's Asterisk prompts and their texts. */
public final class TestAudio {

    private TestAudio() {
    }

    public static Path promptWav(String language, String name) {
        return Path.of("/usr/share/asterisk/sounds", language, name + ".wav");
    }

    /** A prompt as 16 kHz mono PCM (the recordings are 8 kHz). */
    public static short[] prompt16k(String language, String name) {
        Path wav = promptWav(language, name);
        try {
            WavAudio audio = WavReader.read(wav);
            return resample(audio.samples(), audio.sampleRateHz(), AudioFormat.SAMPLE_RATE_HZ);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + wav, e);
        }
    }

    public static short[] resample(short[] pcm, int fromHz, int toHz) {
        Resampler resampler = new Resampler(fromHz, toHz);
        short[] padded = java.util.Arrays.copyOf(pcm, pcm.length + resampler.delayInputSamples());
        short[] out = new short[resampler.maxOutputSamples(padded.length)];
        int written = resampler.process(padded, 0, padded.length, out, 0);
        int delayOut = (int) ((long) resampler.delayInputSamples() * toHz / fromHz);
        return java.util.Arrays.copyOfRange(out, Math.min(delayOut, written), written);
    }

    /** Prompt name to text, from {@code core-sounds-XX.txt.gz}. */
    public static Map<String, String> promptTexts(String language) {
        Path list = Path.of("/usr/share/doc/asterisk-core-sounds-" + language, "core-sounds-" + language + ".txt.gz");
        Map<String, String> texts = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(list)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int colon = line.indexOf(": ");
                if (!line.startsWith(";") && colon > 0) {
                    texts.putIfAbsent(line.substring(0, colon), line.substring(colon + 2).strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + list, e);
        }
        return texts;
    }

    /** Collects streamed chunks. */
    public static final class Collector implements Consumer<short[]> {
        public final List<short[]> chunks = new ArrayList<>();

        @Override
        public synchronized void accept(short[] chunk) {
            chunks.add(chunk);
        }

        public synchronized short[] all() {
            return concat(chunks);
        }
    }

    public static short[] concat(List<short[]> chunks) {
        int total = chunks.stream().mapToInt(c -> c.length).sum();
        short[] all = new short[total];
        int offset = 0;
        for (short[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, offset, chunk.length);
            offset += chunk.length;
        }
        return all;
    }
}
