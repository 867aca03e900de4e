package org.babelbridge.media.wav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.babelbridge.media.codec.G711;

/**
 * Reads mono RIFF/WAVE files in PCM16 or µ-law (plain or WAVE_FORMAT_EXTENSIBLE headers).
 *
 * <p>Every header field is checked against the bytes actually present: a truncated file, a chunk
 * that claims more bytes than remain, a zero or multi-channel layout, another format tag or bit
 * depth gives a {@link MalformedWavException} whose message says what is wrong. Unknown chunks
 * (LIST, fact, cue...) are skipped. Stateless and thread-safe.
 */
public final class WavReader {
    /** Files above this size are refused rather than loaded (one hour of 48 kHz PCM16 is 345 MB). */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
    private static final int MAX_SAMPLE_RATE_HZ = 384_000;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    public static WavAudio read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new MalformedWavException(path + ": " + size + " bytes is larger than the limit of " + MAX_FILE_BYTES);
        }
        try {
            return read(Files.readAllBytes(path));
        } catch (MalformedWavException e) {
            throw new MalformedWavException(path + ": " + e.getMessage());
        }
    }

    /** Reads the whole stream (up to {@link #MAX_FILE_BYTES}); does not close it. */
    public static WavAudio read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_FILE_BYTES + 1));
        if (bytes.length > MAX_FILE_BYTES) {
            throw new MalformedWavException("WAV stream is larger than the limit of " + MAX_FILE_BYTES + " bytes");
        }
        return read(bytes);
    }

    public static WavAudio read(byte[] file) throws MalformedWavException {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12) {
            throw new MalformedWavException("truncated: " + file.length + " bytes, a RIFF/WAVE header needs 12");
        }
        String riff = fourCc(buffer, 0);
        if (riff.equals("RIFX") || riff.equals("RF64")) {
            throw new MalformedWavException("unsupported container " + riff + ", only little-endian RIFF is supported");
        }
        if (!riff.equals("RIFF")) {
            throw new MalformedWavException("not a WAV file: starts with '" + printable(riff) + "' instead of 'RIFF'");
        }
        long riffSize = Integer.toUnsignedLong(buffer.getInt(4));
        if (riffSize < 4 || riffSize + 8 > file.length) {
            throw new MalformedWavException("RIFF header claims " + riffSize + " bytes but the file holds "
                    + (file.length - 8) + " after it (truncated or lying size)");
        }
        if (!fourCc(buffer, 8).equals("WAVE")) {
            throw new MalformedWavException("RIFF form type is '" + printable(fourCc(buffer, 8)) + "', not 'WAVE'");
        }
        long end = riffSize + 8;
        WavEncoding encoding = null;
        int sampleRate = 0;
        long position = 12;
        while (position + 8 <= end) {
            String id = fourCc(buffer, (int) position);
            long size = Integer.toUnsignedLong(buffer.getInt((int) position + 4));
            long body = position + 8;
            if (body + size > end) {
                throw new MalformedWavException("chunk '" + printable(id) + "' at byte " + position + " claims " + size
                        + " bytes but only " + (end - body) + " remain (truncated or lying size)");
            }
            if (id.equals("fmt ")) {
                if (encoding != null) {
                    throw new MalformedWavException("more than one 'fmt ' chunk");
                }
                encoding = parseFormat(buffer, (int) body, size);
                sampleRate = buffer.getInt((int) body + 4);
            } else if (id.equals("data")) {
                if (encoding == null) {
                    throw new MalformedWavException("'data' chunk before the 'fmt ' chunk");
                }
                return new WavAudio(decode(file, (int) body, (int) size, encoding), sampleRate, encoding);
            }
            position = body + size + (size & 1);
        }
        throw new MalformedWavException(encoding == null ? "no 'fmt ' chunk" : "no 'data' chunk");
    }

    private static WavEncoding parseFormat(ByteBuffer buffer, int body, long size) throws MalformedWavException {
        if (size < 16) {
            throw new MalformedWavException("'fmt ' chunk is " + size + " bytes, at least 16 are needed");
        }
        int formatTag = Short.toUnsignedInt(buffer.getShort(body));
        int channels = Short.toUnsignedInt(buffer.getShort(body + 2));
        long sampleRate = Integer.toUnsignedLong(buffer.getInt(body + 4));
        long byteRate = Integer.toUnsignedLong(buffer.getInt(body + 8));
        int blockAlign = Short.toUnsignedInt(buffer.getShort(body + 12));
        int bits = Short.toUnsignedInt(buffer.getShort(body + 14));
        if (formatTag == WAVE_FORMAT_EXTENSIBLE) {
            if (size < 40 || Short.toUnsignedInt(buffer.getShort(body + 16)) < 22) {
                throw new MalformedWavException("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is too short (" + size + " bytes)");
            }
            // The sub-format GUID starts with the plain format tag.
            formatTag = Short.toUnsignedInt(buffer.getShort(body + 24));
        }
        if (channels == 0) {
            throw new MalformedWavException("zero channels");
        }
        if (channels != 1) {
            throw new MalformedWavException(channels + " channels: only mono is supported");
        }
        if (sampleRate == 0 || sampleRate > MAX_SAMPLE_RATE_HZ) {
            throw new MalformedWavException("implausible sample rate " + sampleRate + " Hz");
        }
        WavEncoding encoding;
        if (formatTag == WavEncoding.PCM16.formatTag() && bits == 16) {
            encoding = WavEncoding.PCM16;
        } else if (formatTag == WavEncoding.MULAW.formatTag() && bits == 8) {
            encoding = WavEncoding.MULAW;
        } else {
            throw new MalformedWavException("unsupported layout: format tag " + formatTag + " with " + bits
                    + " bits per sample; supported: PCM (1) 16-bit and µ-law (7) 8-bit");
        }
        if (blockAlign != encoding.bytesPerSample()) {
            throw new MalformedWavException("block align " + blockAlign + " does not match " + bits + "-bit mono");
        }
        if (byteRate != sampleRate * blockAlign) {
            throw new MalformedWavException("byte rate " + byteRate + " does not match " + sampleRate + " Hz × "
                    + blockAlign + " bytes");
        }
        return encoding;
    }

    private static short[] decode(byte[] file, int offset, int size, WavEncoding encoding) throws MalformedWavException {
        if (size % encoding.bytesPerSample() != 0) {
            throw new MalformedWavException("'data' chunk of " + size + " bytes is not a whole number of samples");
        }
        short[] samples = new short[size / encoding.bytesPerSample()];
        if (encoding == WavEncoding.PCM16) {
            ByteBuffer.wrap(file, offset, size).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        } else {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = G711.ulawToLinear(file[offset + i]);
            }
        }
        return samples;
    }

    private static String fourCc(ByteBuffer buffer, int offset) {
        byte[] id = new byte[4];
        buffer.get(offset, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String fourCc) {
        StringBuilder out = new StringBuilder();
        for (char c : fourCc.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }
}
