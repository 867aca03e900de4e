package org.babelbridge.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;

/**
 * {@code POST|GET|DELETE /api/calls/{id}/debug-recording}: records (or stops recording) each participant's
 * received and sent audio of a live call to WAV files on the server, for diagnosing audio problems. Admins only,
 * and only where the operator set {@code babel.debug.recording-allowed=true}; otherwise 403.
 */
@Controller("/api/calls")
@Secured("admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
class DebugRecordingController {

    private final CurrentUser current;
    private final Optional<DebugRecording> recording;

    DebugRecordingController(CurrentUser current, Optional<DebugRecording> recording) {
        this.current = current;
        this.recording = recording;
    }

    @Post("/{id}/debug-recording")
    @Operation(summary = "Record every participant's received and sent audio of a live call to WAV (admin, debug only)")
    HttpResponse<DebugRecording.Status> start(long id, Authentication auth) {
        DebugRecording r = allowed(auth);
        return r.start(id).map(HttpResponse::created)
                .orElseThrow(() -> new ApiException(404, "Not Found", "the call's media is not running on this server"));
    }

    @Get("/{id}/debug-recording")
    @Operation(summary = "State of a call's debug recording (admin)")
    DebugRecording.Status status(long id, Authentication auth) {
        return allowed(auth).status(id)
                .orElseThrow(() -> new ApiException(404, "Not Found", "no debug recording of this call"));
    }

    @Delete("/{id}/debug-recording")
    @Operation(summary = "Stop a call's debug recording and close its files (admin)")
    DebugRecording.Status stop(long id, Authentication auth) {
        return allowed(auth).stop(id)
                .orElseThrow(() -> new ApiException(404, "Not Found", "no debug recording of this call"));
    }

    /** The role claim is checked by @Secured; this also refuses tokens of accounts since demoted or deleted. */
    private DebugRecording allowed(Authentication auth) {
        if (!CurrentUser.isAdmin(current.of(auth))) {
            throw new ApiException(403, "Forbidden", null);
        }
        return recording.filter(DebugRecording::allowed).orElseThrow(() -> new ApiException(403, "Forbidden",
                "debug recording is disabled on this server (babel.debug.recording-allowed)"));
    }
}
