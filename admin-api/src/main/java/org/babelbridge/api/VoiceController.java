package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.babelbridge.calls.Language;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.calls.VoiceRecording;
import org.babelbridge.calls.VoiceService;
import org.babelbridge.media.wav.MalformedWavException;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.voice.EnrollmentScore;
import org.babelbridge.speech.voice.EnrollmentScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice samples for the caller's voice model: WAV only, 15-30 s (422 with the measured duration otherwise),
 * size-limited by {@code micronaut.server.multipart.max-file-size} (413 beyond it).
 */
@Controller("/api/voice")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "voice")
@SecurityRequirement(name = "bearer")
class VoiceController {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceController.class);
    static final long MIN_DURATION_MS = 15_000;
    static final long MAX_DURATION_MS = 30_000;

    private final CurrentUser current;
    private final VoiceService voice;
    private final RecordingStore store;
    private final VoiceModelTrainer trainer;

    VoiceController(CurrentUser current, VoiceService voice, RecordingStore store, VoiceModelTrainer trainer) {
        this.current = current;
        this.voice = voice;
        this.store = store;
        this.trainer = trainer;
    }

    @Post(value = "/recordings", consumes = MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a 15-30 s WAV sample (multipart field 'file'; optional 'language', 'textContent')")
    HttpResponse<Json.RecordingView> upload(@Part("file") CompletedFileUpload file,
                                            @Part("language") @Nullable String language,
                                            @Part("textContent") @Nullable String textContent,
                                            Authentication auth) {
        UserAccount me = current.of(auth);
        Language lang = language == null || language.isBlank() ? me.primaryLanguage() : Language.fromCode(language);
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long durationMs = WavInspector.durationMs(bytes);
        if (durationMs < MIN_DURATION_MS || durationMs > MAX_DURATION_MS) {
            throw new ApiException(422, "Unprocessable Content", String.format(java.util.Locale.ROOT,
                    "a voice sample must last 15 to 30 seconds; this one lasts %.1f s", durationMs / 1000.0),
                    Map.of("measuredDurationMs", durationMs));
        }
        Path path = store.store(me.id(), bytes);
        try {
            VoiceRecording r = voice.addRecording(me.id(), lang, textContent, path.toString(), bytes.length,
                    (int) durationMs);
            return HttpResponse.created(Json.RecordingView.of(score(r, bytes)));
        } catch (RuntimeException e) {
            store.delete(path.toString());
            throw e;
        }
    }

    /**
     * Scores the sample's usefulness for a voice model (speech.voice.EnrollmentScorer); encodings the scorer does
     * not read (e.g. stereo) stay unprocessed rather than getting an invented score.
     */
    private VoiceRecording score(VoiceRecording r, byte[] bytes) {
        WavAudio audio;
        try {
            audio = WavReader.read(bytes);
        } catch (MalformedWavException | RuntimeException unsupported) {
            LOG.info("recording {} left unscored: {}", r.id(), unsupported.getMessage());
            return r;
        }
        EnrollmentScore score = EnrollmentScorer.score(audio);
        return voice.setRecordingQuality(r.userId(), r.id(), score.qualityScore());
    }

    @Get("/recordings")
    List<Json.RecordingView> recordings(Authentication auth) {
        return voice.recordings(current.of(auth).id()).stream().map(Json.RecordingView::of).toList();
    }

    /**
     * Deletes a sample: file and row, and when it was one the voice model was trained from, the model too (at
     * the cloning server first), since the model is derived from it.
     */
    @Delete("/recordings/{id}")
    HttpResponse<Void> delete(long id, Authentication auth) {
        long me = current.of(auth).id();
        boolean trainedFrom = voice.recordings(me).stream()
                .anyMatch(r -> r.id() == id && r.usedForTraining());
        if (trainedFrom && !"none".equals(voice.modelStatus(me).status())) {
            trainer.deleteModel(me);
        }
        VoiceRecording removed = voice.deleteRecording(me, id);
        store.delete(removed.filePath());
        return HttpResponse.noContent();
    }

    @Get("/model")
    @Operation(summary = "The voice model's status (none, training, ready, failed), quality and measured profile")
    Json.VoiceModelView model(Authentication auth) {
        return Json.VoiceModelView.of(voice.modelStatus(current.of(auth).id()));
    }

    @Post("/model")
    @Operation(summary = "Train a voice model from the best two scored samples (asynchronous: 202, then GET)")
    HttpResponse<Json.VoiceModelView> train(Authentication auth) {
        return HttpResponse.accepted().body(Json.VoiceModelView.of(trainer.start(current.of(auth).id())));
    }

    @Delete("/model")
    @Operation(summary = "Delete the voice model, including its reference at the voice-cloning server")
    HttpResponse<Void> deleteModel(Authentication auth) {
        trainer.deleteModel(current.of(auth).id());
        return HttpResponse.noContent();
    }
}
