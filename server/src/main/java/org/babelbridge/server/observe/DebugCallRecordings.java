package org.babelbridge.server.observe;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.api.DebugRecording;
import org.babelbridge.media.conference.CallMedia;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.record.LegAudioRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debug recordings over the media engine: a {@link LegAudioRecorder} tapped into the call's media writes
 * {@code <data-dir>/debug-recordings/call-<id>-<UTC time>/<user id>-received.wav|-sent.wav} until stopped or
 * the call's media ends. The writer gets 10 s of four participants' audio of slack before frames are dropped.
 */
@Singleton
final class DebugCallRecordings implements DebugRecording {

    private static final Logger LOG = LoggerFactory.getLogger(DebugCallRecordings.class);
    private static final int BUFFERED_FRAMES = 4 * 50 * 10;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final MediaEngine engine;
    private final Path root;
    private final boolean allowed;
    private final Clock clock = Clock.systemUTC();
    private final Map<Long, LegAudioRecorder> recorders = new ConcurrentHashMap<>();

    DebugCallRecordings(MediaEngine engine, @Value("${babel.data-dir:data}") String dataDir,
                        @Value("${babel.debug.recording-allowed:false}") boolean allowed) {
        this.engine = engine;
        this.root = Path.of(dataDir, "debug-recordings");
        this.allowed = allowed;
    }

    @Override
    public boolean allowed() {
        return allowed;
    }

    @Override
    public synchronized Optional<Status> start(long callId) {
        if (!allowed) {
            return Optional.empty();
        }
        Optional<CallMedia> call = engine.call(Long.toString(callId));
        if (call.isEmpty()) {
            return Optional.empty();
        }
        LegAudioRecorder current = recorders.get(callId);
        if (current != null && !current.stopped()) {
            return Optional.of(status(callId, current));
        }
        LegAudioRecorder recorder;
        try {
            recorder = new LegAudioRecorder(root.resolve("call-" + callId + "-" + STAMP.format(clock.instant())),
                    BUFFERED_FRAMES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the debug recording directory under " + root, e);
        }
        recorders.put(callId, recorder);
        call.get().setAudioTap(recorder);
        LOG.warn("debug recording of call {} started: every participant's audio is written to {}", callId,
                recorder.directory());
        return Optional.of(status(callId, recorder));
    }

    @Override
    public synchronized Optional<Status> stop(long callId) {
        LegAudioRecorder recorder = recorders.get(callId);
        if (recorder == null) {
            return Optional.empty();
        }
        engine.call(Long.toString(callId)).ifPresent(call -> call.setAudioTap(null));
        recorder.close();
        LOG.warn("debug recording of call {} stopped: {} frames written, {} dropped", callId,
                recorder.framesWritten(), recorder.framesDropped());
        return Optional.of(status(callId, recorder));
    }

    @Override
    public Optional<Status> status(long callId) {
        return Optional.ofNullable(recorders.get(callId)).map(r -> status(callId, r));
    }

    @PreDestroy
    void close() {
        recorders.values().forEach(LegAudioRecorder::close);
    }

    private static Status status(long callId, LegAudioRecorder r) {
        return new Status(callId, !r.stopped(), r.directory().toString(), r.framesWritten(), r.framesDropped());
    }
}
