package org.babelbridge.calls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists transcript entries asynchronously and durably. {@link #record} only enqueues (bounded queue; when it
 * is full the entry goes straight to the spool). One writer thread stores entries, retrying a failed write;
 * when the database stays unavailable the entry is appended to a bounded on-disk spool, replayed as soon as the
 * database answers again. Writes are idempotent per (utterance, listener language), so a replay never
 * duplicates rows. Entries are lost only when both queue and spool are full or the entry is permanently
 * invalid; both are counted and logged. Thread-safe.
 */
public final class TranscriptRecorder implements AutoCloseable {

    /** Sizes and timing: queue capacity in entries, spool size in bytes, retry attempts and pause. */
    public record Settings(int queueCapacity, long spoolMaxBytes, int writeAttempts, Duration retryPause) {
        public static final Settings DEFAULT = new Settings(10_000, 64L * 1024 * 1024, 3, Duration.ofMillis(200));
    }

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptRecorder.class);

    private final TranscriptStore store;
    private final TranscriptSpool spool;
    private final Settings settings;
    private final BlockingQueue<TranscriptEntry> queue;
    private final Thread writer;
    private final Object spoolLock = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public TranscriptRecorder(TranscriptStore store, Path spoolFile, Settings settings) {
        this.store = store;
        this.spool = new TranscriptSpool(spoolFile, settings.spoolMaxBytes());
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = new Thread(this::run, "transcript-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Hands an entry over for storage; never blocks on the database. */
    public void record(TranscriptEntry entry) {
        if (!running) {
            throw new IllegalStateException("transcript recorder is closed");
        }
        inFlight.incrementAndGet();
        if (!queue.offer(entry)) {
            inFlight.decrementAndGet();
            toSpool(entry);
        }
    }

    /** Waits until every entry recorded so far is stored or spooled; false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Tries to replay the spool now; true when it is empty afterwards. */
    public boolean replaySpool() {
        synchronized (spoolLock) {
            List<String> lines;
            try {
                lines = spool.lines();
            } catch (IOException e) {
                LOG.error("cannot read the transcript spool", e);
                return false;
            }
            List<String> remaining = new ArrayList<>();
            boolean databaseDown = false;
            for (String line : lines) {
                if (databaseDown) {
                    remaining.add(line);
                    continue;
                }
                TranscriptEntry entry;
                try {
                    entry = TranscriptSpool.decode(line);
                } catch (RuntimeException corrupt) {
                    dropped.incrementAndGet();
                    LOG.error("dropped a corrupt transcript spool line ({} characters)", line.length());
                    continue;
                }
                try {
                    store.write(entry);
                    written.incrementAndGet();
                } catch (Exception e) {
                    if (store.isPermanent(e)) {
                        dropped.incrementAndGet();
                        LOG.error("dropped spooled transcript of call {}: {}", entry.callId(), e.getMessage());
                    } else {
                        databaseDown = true;
                        remaining.add(line);
                    }
                }
            }
            try {
                spool.rewrite(remaining);
            } catch (IOException e) {
                LOG.error("cannot rewrite the transcript spool", e);
                return false;
            }
            return remaining.isEmpty();
        }
    }

    /** Entries stored in the database so far (including replays). */
    public long writtenCount() {
        return written.get();
    }

    /** Entries that went to the spool so far. */
    public long spooledCount() {
        return spooled.get();
    }

    /** Entries lost (queue and spool full, corrupt spool line, or permanently rejected by the database). */
    public long droppedCount() {
        return dropped.get();
    }

    /** Entries waiting in memory for the writer. */
    public int queuedCount() {
        return queue.size();
    }

    /** Size of the on-disk spool in bytes (0 when empty). */
    public long spoolBytes() {
        synchronized (spoolLock) {
            return spool.size();
        }
    }

    /** True when entries are waiting in the on-disk spool. */
    public boolean hasSpooledEntries() {
        synchronized (spoolLock) {
            return !spool.isEmpty();
        }
    }

    /** Stops accepting entries, stores or spools what is queued, and stops the writer. */
    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TranscriptEntry left;
        while ((left = queue.poll()) != null) {
            toSpool(left);
            inFlight.decrementAndGet();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            TranscriptEntry entry;
            try {
                entry = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            if (entry == null) {
                if (hasSpooledEntries()) {
                    replaySpool();
                }
                continue;
            }
            try {
                if (hasSpooledEntries() && !replaySpool()) {
                    toSpool(entry); // keep the order behind what is already waiting
                } else {
                    writeWithRetry(entry);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void writeWithRetry(TranscriptEntry entry) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.write(entry);
                written.incrementAndGet();
                return;
            } catch (Exception e) {
                if (store.isPermanent(e)) {
                    dropped.incrementAndGet();
                    LOG.error("transcript of call {} rejected by the database: {}", entry.callId(), e.getMessage());
                    return;
                }
                if (attempt >= settings.writeAttempts() || !running) {
                    LOG.warn("database unavailable for transcripts ({}); spooling to disk", e.getMessage());
                    toSpool(entry);
                    return;
                }
                try {
                    Thread.sleep(settings.retryPause().toMillis());
                } catch (InterruptedException interrupted) {
                    if (!running) {
                        toSpool(entry);
                        return;
                    }
                }
            }
        }
    }

    private void toSpool(TranscriptEntry entry) {
        synchronized (spoolLock) {
            try {
                if (spool.append(entry)) {
                    spooled.incrementAndGet();
                    return;
                }
                LOG.error("transcript spool full: dropped an utterance of call {}", entry.callId());
            } catch (IOException e) {
                LOG.error("cannot write the transcript spool: dropped an utterance of call " + entry.callId(), e);
            }
            dropped.incrementAndGet();
        }
    }
}
