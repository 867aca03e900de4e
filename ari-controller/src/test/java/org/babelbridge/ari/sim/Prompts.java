package org.babelbridge.ari.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Asterisk's recorded prompts (Debian's asterisk-core-sounds-*-wav) as PCM, converted by sox. */
public final class Prompts {

    private Prompts() {
    }

    /** {@code /usr/share/asterisk/sounds/<language>/<name>.wav} as 16-bit mono PCM at {@code rateHz}. */
    public static short[] load(String language, String name, int rateHz) {
        Path wav = Path.of("/usr/share/asterisk/sounds", language, name + ".wav");
        if (!Files.exists(wav)) {
            throw new IllegalStateException(wav + " missing: install asterisk-core-sounds-" + language + "-wav");
        }
        try {
            Process sox = new ProcessBuilder("sox", wav.toString(), "-t", "raw", "-e", "signed-integer", "-b", "16",
                    "-L", "-c", "1", "-r", Integer.toString(rateHz), "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] raw = sox.getInputStream().readAllBytes();
            if (!sox.waitFor(30, TimeUnit.SECONDS) || sox.exitValue() != 0) {
                throw new IllegalStateException("sox failed on " + wav);
            }
            short[] pcm = new short[raw.length / 2];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8));
            }
            return pcm;
        } catch (IOException e) {
            throw new IllegalStateException("sox is needed to read " + wav, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Total duration, in ms, of 20 ms frames whose RMS exceeds {@code rmsThreshold}. */
    public static long loudMs(short[] pcm, int rateHz, double rmsThreshold) {
        int frame = rateHz / 50;
        long total = 0;
        for (int start = 0; start + frame <= pcm.length; start += frame) {
            double sum = 0;
            for (int i = start; i < start + frame; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            if (Math.sqrt(sum / frame) > rmsThreshold) {
                total += 20;
            }
        }
        return total;
    }

    /** Longest run, in ms, of 20 ms frames whose RMS exceeds {@code rmsThreshold}. */
    public static long longestLoudRunMs(short[] pcm, int rateHz, double rmsThreshold) {
        int frame = rateHz / 50;
        long best = 0;
        long run = 0;
        for (int start = 0; start + frame <= pcm.length; start += frame) {
            double sum = 0;
            for (int i = start; i < start + frame; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            if (Math.sqrt(sum / frame) > rmsThreshold) {
                run += 20;
                best = Math.max(best, run);
            } else {
                run = 0;
            }
        }
        return best;
    }
}
