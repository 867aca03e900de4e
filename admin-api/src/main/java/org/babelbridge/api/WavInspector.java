package org.babelbridge.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Checks that bytes are a readable WAV file and measures its duration (javax.sound.sampled). */
final class WavInspector {

    private WavInspector() {
    }

    /** Duration in milliseconds; {@link ApiException} 415 when the bytes are not a readable WAV file. */
    static long durationMs(byte[] bytes) {
        if (bytes.length < 44 || !ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) {
            throw notWav();
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat format = in.getFormat();
            long frames = in.getFrameLength();
            if (frames == AudioSystem.NOT_SPECIFIED || format.getFrameRate() <= 0 || frames < 0) {
                throw notWav();
            }
            return (long) (frames * 1000.0 / format.getFrameRate());
        } catch (UnsupportedAudioFileException | IOException | IllegalArgumentException e) {
            throw notWav();
        }
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static ApiException notWav() {
        return new ApiException(415, "Unsupported Media Type", "the file must be a WAV (RIFF/WAVE) recording");
    }
}
