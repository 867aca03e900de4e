package org.babelbridge.media.wav;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.babelbridge.media.codec.G711;

/**
 * Writes mono WAV files in PCM16 or µ-law, either at once ({@link #toBytes}, {@link #write}) or as a
 * stream ({@link #open}, {@link #append}, {@link #close}) whose header sizes are filled in on close.
 * A streaming instance is used from one thread; its buffer is reused between appends.
 */
public final class WavWriter implements AutoCloseable {
    private static final int HEADER_BYTES = 44;
    /** RIFF sizes are 32-bit: stop before the data chunk would overflow them. */
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - HEADER_BYTES;

    private final FileChannel channel;
    private final int sampleRateHz;
    private final WavEncoding encoding;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean closed;

    private WavWriter(FileChannel channel, int sampleRateHz, WavEncoding encoding) {
        this.channel = channel;
        this.sampleRateHz = sampleRateHz;
        this.encoding = encoding;
    }

    /** A whole mono WAV file holding {@code samples}. */
    public static byte[] toBytes(short[] samples, int sampleRateHz, WavEncoding encoding) {
        requireRate(sampleRateHz);
        long dataBytes = (long) samples.length * encoding.bytesPerSample();
        if (dataBytes > Integer.MAX_VALUE - HEADER_BYTES) {
            throw new IllegalArgumentException("too many samples for one in-memory WAV: " + samples.length);
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + (int) (dataBytes + (dataBytes & 1))).order(ByteOrder.LITTLE_ENDIAN);
        putHeader(out, sampleRateHz, encoding, dataBytes);
        for (short sample : samples) {
            putSample(out, sample, encoding);
        }
        return out.array();
    }

    /** Writes (or replaces) {@code path} with a mono WAV file holding {@code samples}. */
    public static void write(Path path, short[] samples, int sampleRateHz, WavEncoding encoding) throws IOException {
        try (WavWriter writer = open(path, sampleRateHz, encoding)) {
            writer.append(samples, 0, samples.length);
        }
    }

    /** Creates (or truncates) {@code path} for streaming; the header is completed by {@link #close()}. */
    public static WavWriter open(Path path, int sampleRateHz, WavEncoding encoding) throws IOException {
        requireRate(sampleRateHz);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        WavWriter writer = new WavWriter(channel, sampleRateHz, encoding);
        try {
            writer.writeHeader();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return writer;
    }

    /** Appends samples; they are encoded and written before this returns. */
    public void append(short[] samples, int offset, int count) throws IOException {
        if (closed) {
            throw new IllegalStateException("WAV writer is closed");
        }
        long added = (long) count * encoding.bytesPerSample();
        if (dataBytes + added > MAX_DATA_BYTES) {
            throw new IOException("WAV file would exceed the 4 GiB RIFF limit");
        }
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < 2) {
                flush();
            }
            putSample(buffer, samples[offset + i], encoding);
        }
        flush();
        dataBytes += added;
    }

    public long samplesWritten() {
        return dataBytes / encoding.bytesPerSample();
    }

    /** Fills in the RIFF and data sizes and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            if ((dataBytes & 1) != 0) {
                // RIFF chunks are padded to an even length; the pad byte is not part of the data.
                buffer.clear();
                buffer.put((byte) 0).flip();
                writeFully(buffer, channel.position());
            }
            writeHeader();
        }
    }

    private void writeHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        putHeader(header, sampleRateHz, encoding, dataBytes);
        header.flip();
        writeFully(header, 0);
        channel.position(HEADER_BYTES + dataBytes);
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    private static void putHeader(ByteBuffer out, int sampleRateHz, WavEncoding encoding, long dataBytes) {
        int blockAlign = encoding.bytesPerSample();
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.putInt((int) (36 + dataBytes + (dataBytes & 1)));
        out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        out.putInt(16);
        out.putShort((short) encoding.formatTag());
        out.putShort((short) 1);
        out.putInt(sampleRateHz);
        out.putInt(sampleRateHz * blockAlign);
        out.putShort((short) blockAlign);
        out.putShort((short) encoding.bitsPerSample());
        out.put("data".getBytes(StandardCharsets.US_ASCII));
        out.putInt((int) dataBytes);
    }

    private static void putSample(ByteBuffer out, short sample, WavEncoding encoding) {
        if (encoding == WavEncoding.PCM16) {
            out.putShort(sample);
        } else {
            out.put(G711.linearToUlaw(sample));
        }
    }

    private static void requireRate(int sampleRateHz) {
        if (sampleRateHz <= 0 || sampleRateHz > 384_000) {
            throw new IllegalArgumentException("implausible sample rate " + sampleRateHz + " Hz");
        }
    }
}
