package org.babelbridge.calls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happens to calls in progress (a participant leaves, which ends the call when fewer than two
 * remain; a participant is muted) for the signalling fronts, whose calls keep running while PostgreSQL is
 * unavailable. A change the database cannot take now is appended, with the time it happened, to a bounded
 * on-disk spool (forced to disk) and applied, in order and with its original time, as soon as the database
 * answers again. Applying is idempotent: a leave already recorded (the participant is no longer in the call)
 * changes nothing, so a replay after a crash between applying and rewriting the spool duplicates nothing.
 * While the spool holds changes, new ones queue behind them. Thread-safe.
 */
public final class CallStateRecorder implements AutoCloseable {

    /** What became of a change. */
    public enum Outcome {
        /** Applied; the call goes on. */
        APPLIED,
        /** Applied, and it ended the call (fewer than two remained). */
        CALL_ENDED,
        /** The database is unavailable: spooled, applied when it returns. Whether the call ends is the front's call. */
        SPOOLED,
        /** Refused by the rules (e.g. not in the call any more): nothing to record. */
        REFUSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallStateRecorder.class);

    private final CallService calls;
    private final Clock clock;
    private final Path file;
    private final long maxBytes;
    private final Object lock = new Object();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread replayer;
    private volatile boolean running = true;

    public CallStateRecorder(CallService calls, Clock clock, Path spoolFile, long spoolMaxBytes, Duration retryEvery) {
        this.calls = calls;
        this.clock = clock;
        this.file = spoolFile;
        this.maxBytes = spoolMaxBytes;
        this.replayer = new Thread(() -> replayLoop(retryEvery), "call-state-replay");
        this.replayer.setDaemon(true);
        this.replayer.start();
    }

    /** {@code userId} left {@code callId} now. */
    public Outcome leave(long callId, long userId) {
        return apply(new Change(Change.LEFT, callId, userId, false, clock.millis()));
    }

    /** {@code userId} was muted or unmuted in {@code callId} now. */
    public Outcome setMuted(long callId, long userId, boolean muted) {
        return apply(new Change(Change.MUTED, callId, userId, muted, clock.millis()));
    }

    /** True while changes wait for the database. */
    public boolean hasSpooledChanges() {
        synchronized (lock) {
            return Files.exists(file) && size() > 0;
        }
    }

    /** Changes spooled so far, and changes lost (spool full or unwritable, or refused on replay). */
    public long spooledCount() {
        return spooled.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    /** Applies the spooled changes now if the database answers; true when none is left waiting. */
    public boolean replaySpool() {
        synchronized (lock) {
            return replayLocked();
        }
    }

    private Outcome apply(Change change) {
        synchronized (lock) {
            // Later changes never overtake spooled ones: a leave must not end a call before an earlier leave.
            if (size() == 0 || replayLocked()) {
                try {
                    return execute(change);
                } catch (RuntimeException e) {
                    if (!DatabaseOutage.isOutage(e)) {
                        throw e;
                    }
                    LOG.warn("database unavailable: spooling {} ({})", change, e.toString());
                }
            }
            append(change);
            return Outcome.SPOOLED;
        }
    }

    private Outcome execute(Change change) {
        try {
            if (change.kind.equals(Change.LEFT)) {
                return calls.leave(change.callId, change.userId, Instant.ofEpochMilli(change.atMillis)).callEnded()
                        ? Outcome.CALL_ENDED : Outcome.APPLIED;
            }
            calls.setMuted(change.callId, change.userId, change.muted);
            return Outcome.APPLIED;
        } catch (RuleViolationException e) {
            LOG.info("{} not recorded: {}", change, e.getMessage());
            return Outcome.REFUSED;
        }
    }

    /** Under the lock. Applies spooled changes in order; stops at the first outage. True when the spool is empty. */
    private boolean replayLocked() {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            LOG.warn("call-state spool {} unreadable: {}", file, e.toString());
            return false;
        }
        if (lines.isEmpty()) {
            return true;
        }
        int done = 0;
        try {
            for (String line : lines) {
                Change change;
                try {
                    change = Change.decode(line);
                } catch (IllegalArgumentException e) {
                    LOG.error("corrupt call-state spool line dropped: {}", line);
                    dropped.incrementAndGet();
                    done++;
                    continue;
                }
                try {
                    execute(change);
                } catch (RuntimeException e) {
                    if (DatabaseOutage.isOutage(e)) {
                        return false;
                    }
                    LOG.error("spooled {} cannot be applied, dropped", change, e);
                    dropped.incrementAndGet();
                }
                done++;
            }
        } finally {
            if (done > 0) {
                rewrite(lines.subList(done, lines.size()));
                LOG.info("applied {} call-state change(s) recorded while the database was unavailable", done);
            }
        }
        return true;
    }

    private void append(Change change) {
        byte[] line = (change.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        if (size() + line.length > maxBytes) {
            LOG.error("call-state spool full ({} bytes): {} lost", maxBytes, change);
            dropped.incrementAndGet();
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.DSYNC);
            spooled.incrementAndGet();
        } catch (IOException e) {
            LOG.error("call-state spool {} unwritable: {} lost ({})", file, change, e.toString());
            dropped.incrementAndGet();
        }
    }

    private void rewrite(List<String> remaining) {
        try {
            if (remaining.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, (String.join("\n", remaining) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The applied lines stay and are applied again later, which changes nothing (idempotent).
            LOG.warn("call-state spool {} not rewritten: {}", file, e.toString());
        }
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void replayLoop(Duration every) {
        while (running) {
            try {
                Thread.sleep(every.toMillis());
                if (size() > 0) {
                    replaySpool();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("call-state replay failed: {}", e.toString());
            }
        }
    }

    /** Stops the replay thread; what is still spooled stays on disk for the next start. */
    @Override
    public void close() {
        running = false;
        replayer.interrupt();
    }

    /** One change, as spooled: {@code v1|kind|callId|userId|muted|atMillis}. */
    private record Change(String kind, long callId, long userId, boolean muted, long atMillis) {
        static final String LEFT = "left";
        static final String MUTED = "muted";

        String encode() {
            return "v1|" + kind + "|" + callId + "|" + userId + "|" + muted + "|" + atMillis;
        }

        static Change decode(String line) {
            String[] f = line.split("\\|", -1);
            if (f.length != 6 || !"v1".equals(f[0]) || !(LEFT.equals(f[1]) || MUTED.equals(f[1]))) {
                throw new IllegalArgumentException("not a call-state spool line");
            }
            try {
                return new Change(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Boolean.parseBoolean(f[4]),
                        Long.parseLong(f[5]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a call-state spool line", e);
            }
        }

        @Override
        public String toString() {
            return kind + " of user " + userId + " in call " + callId + " at " + Instant.ofEpochMilli(atMillis);
        }
    }
}
