package org.babelbridge.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;

/**
 * Debug recording of one call's audio: each participant's received and sent audio written to WAV files under
 * the server's data directory, provided by the server over the media engine. Off unless an admin starts it for
 * a call whose media runs here, and only where the operator allowed it. Called on blocking request threads.
 */
public interface DebugRecording {

    /** Where a call's recording goes and how it is doing. */
    @Serdeable
    record Status(long callId, boolean recording, String directory, long framesWritten, long framesDropped) {
    }

    /** Whether the operator allows debug recordings on this server ({@code babel.debug.recording-allowed}). */
    boolean allowed();

    /** Starts (or keeps) recording the call; empty when the call's media does not run on this server. */
    Optional<Status> start(long callId);

    /** Stops recording the call and closes its files; empty when it was never recorded. */
    Optional<Status> stop(long callId);

    /** The call's recording, if one was started since the server started. */
    Optional<Status> status(long callId);
}
