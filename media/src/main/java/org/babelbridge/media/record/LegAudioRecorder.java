package org.babelbridge.media.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavEncoding;
import org.babelbridge.media.wav.WavWriter;

/**
 * A {@link CallAudioTap} that writes each participant's received and sent audio to
 * {@code <participant>-received.wav} and {@code <participant>-sent.wav} (16 kHz PCM) in one directory,
 * for debugging a call. The media thread only copies the two frames into a preallocated buffer and hands it
 * to a writer thread over a bounded queue; when the writer falls behind and no buffer is free, the frames
 * are dropped and counted (the files then have a gap). Stops when the call's media ends or {@link #close}.
 */
public final class LegAudioRecorder implements CallAudioTap, AutoCloseable {

    private static final int FRAME = AudioFormat.FRAME_SAMPLES;

    /** One tick of one participant; pooled. */
    private static final class Frames {
        String participantId;
        final short[] received = new short[FRAME];
        final short[] sent = new short[FRAME];
    }

    private final Path directory;
    private final BlockingQueue<Frames> free;
    private final BlockingQueue<Frames> filled;
    private final Thread writer;
    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final Map<String, WavWriter[]> files = new HashMap<>(); // writer thread only
    private volatile boolean stopped;
    private volatile IOException failure;

    /**
     * @param directory      created if missing; files in it are overwritten
     * @param bufferedFrames participant-frames that may wait for the writer (50 per second per participant)
     */
    public LegAudioRecorder(Path directory, int bufferedFrames) throws IOException {
        if (bufferedFrames < 1) {
            throw new IllegalArgumentException("bufferedFrames must be positive");
        }
        Files.createDirectories(directory);
        this.directory = directory;
        this.free = new ArrayBlockingQueue<>(bufferedFrames);
        this.filled = new ArrayBlockingQueue<>(bufferedFrames);
        for (int i = 0; i < bufferedFrames; i++) {
            free.add(new Frames());
        }
        this.writer = new Thread(this::writeLoop, "debug-recorder-" + directory.getFileName());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public Path directory() {
        return directory;
    }

    /** Media thread: copies both frames, or drops them when every buffer is still waiting for the writer. */
    @Override
    public void onFrame(String participantId, short[] received, short[] sent) {
        if (stopped) {
            return;
        }
        Frames f = free.poll();
        if (f == null) {
            framesDropped.incrementAndGet();
            return;
        }
        f.participantId = participantId;
        System.arraycopy(received, 0, f.received, 0, FRAME);
        System.arraycopy(sent, 0, f.sent, 0, FRAME);
        if (!filled.offer(f)) {
            framesDropped.incrementAndGet();
            free.offer(f);
        }
    }

    @Override
    public void detached() {
        close();
    }

    /** Participant-frames written to the files so far. */
    public long framesWritten() {
        return framesWritten.get();
    }

    /** Participant-frames dropped because the writer fell behind. */
    public long framesDropped() {
        return framesDropped.get();
    }

    /** Whether the recorder has stopped (call ended, closed, or a write failed). */
    public boolean stopped() {
        return stopped;
    }

    /** Stops taking frames, writes what is queued and closes the files (waits up to 5 s). Idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Thread.currentThread() != writer) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The first write error, if any (recording then stopped). */
    public IOException failure() {
        return failure;
    }

    private void writeLoop() {
        try {
            while (true) {
                Frames f = filled.poll(100, TimeUnit.MILLISECONDS);
                if (f == null) {
                    if (stopped) {
                        break; // everything handed over before the stop is written
                    }
                    continue;
                }
                try {
                    WavWriter[] pair = files.get(f.participantId);
                    if (pair == null) {
                        pair = new WavWriter[] {
                                WavWriter.open(directory.resolve(safe(f.participantId) + "-received.wav"),
                                        AudioFormat.SAMPLE_RATE_HZ, WavEncoding.PCM16),
                                WavWriter.open(directory.resolve(safe(f.participantId) + "-sent.wav"),
                                        AudioFormat.SAMPLE_RATE_HZ, WavEncoding.PCM16)};
                        files.put(f.participantId, pair);
                    }
                    pair[0].append(f.received, 0, FRAME);
                    pair[1].append(f.sent, 0, FRAME);
                    framesWritten.incrementAndGet();
                } catch (IOException e) {
                    failure = e;
                    stopped = true;
                    break;
                } finally {
                    free.offer(f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (WavWriter[] pair : files.values()) {
                for (WavWriter w : pair) {
                    try {
                        w.close();
                    } catch (IOException e) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                }
            }
        }
    }

    /** Participant ids become file names: anything but letters, digits, '-' and '_' is replaced. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
