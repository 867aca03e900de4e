package org.babelbridge.server.loopback;

import java.io.IOException;
import java.nio.file.Path;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;

/** Builds what a simulated phone says: recorded prompts placed at given seconds on a silent timeline. */
public final class Script {

    /** Where the Debian asterisk-core-sounds-*-wav packages put their recorded prompts. */
    public static final Path SOUNDS = Path.of("/usr/share/asterisk/sounds");

    private final short[] pcm;

    private Script(int seconds) {
        this.pcm = new short[seconds * SimulatedPhone.SAMPLE_RATE_HZ];
    }

    /** A silent script of {@code seconds}. */
    public static Script silent(int seconds) {
        return new Script(seconds);
    }

    /** Reads an 8 kHz mono prompt, e.g. {@code prompt("en", "hello-world")}. */
    public static short[] prompt(String language, String name) throws IOException {
        Path wav = SOUNDS.resolve(language).resolve(name + ".wav");
        WavAudio audio = WavReader.read(wav);
        if (audio.sampleRateHz() != SimulatedPhone.SAMPLE_RATE_HZ) {
            throw new IOException(wav + ": expected 8000 Hz, found " + audio.sampleRateHz()
                    + " (install asterisk-core-sounds-" + language + "-wav)");
        }
        return audio.samples();
    }

    /** Places {@code samples} at {@code atSeconds}; what does not fit is cut. */
    public Script at(double atSeconds, short[] samples) {
        int from = (int) Math.round(atSeconds * SimulatedPhone.SAMPLE_RATE_HZ);
        int n = Math.max(0, Math.min(samples.length, pcm.length - from));
        System.arraycopy(samples, 0, pcm, from, n);
        return this;
    }

    public short[] pcm() {
        return pcm;
    }
}
