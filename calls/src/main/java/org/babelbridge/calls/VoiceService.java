package org.babelbridge.calls;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.babelbridge.db.UserEntity;
import org.babelbridge.db.UserRepository;
import org.babelbridge.db.VoiceModelEntity;
import org.babelbridge.db.VoiceModelRepository;
import org.babelbridge.db.VoiceRecordingEntity;
import org.babelbridge.db.VoiceRecordingRepository;

/**
 * Voice samples and voice model status (the seed's workflow 1b-1c). Files themselves are stored by the caller;
 * this keeps their rows and the user's {@code has_voice_sample} / {@code voice_model_trained} flags in step.
 * Thread-safe; blocking.
 */
@Singleton
public final class VoiceService {

    public static final int MAX_RECORDINGS_PER_USER = 10;
    /** How many of a user's best-scored samples a voice model is trained from. */
    public static final int TRAINING_RECORDINGS = 2;
    private static final Set<String> MODEL_STATES = Set.of("pending", "training", "ready", "failed");

    private final VoiceRecordingRepository recordings;
    private final VoiceModelRepository models;
    private final UserRepository users;
    private final Clock clock;

    public VoiceService(VoiceRecordingRepository recordings, VoiceModelRepository models, UserRepository users,
                        Clock clock) {
        this.recordings = recordings;
        this.models = models;
        this.users = users;
        this.clock = clock;
    }

    /** Records a stored sample (not yet processed). INVALID_INPUT when the user already has the maximum. */
    public VoiceRecording addRecording(long userId, Language language, String textContent, String filePath,
                                       int fileSizeBytes, int durationMs) {
        int uid = Math.toIntExact(userId);
        if (recordings.countByUserId(uid) >= MAX_RECORDINGS_PER_USER) {
            throw Validation.invalid("at most " + MAX_RECORDINGS_PER_USER + " voice recordings per user");
        }
        String text = Validation.text("textContent", textContent, 5000, false);
        LocalDateTime now = Times.now(clock);
        VoiceRecordingEntity saved = recordings.save(new VoiceRecordingEntity(null, uid, language.code(),
                text == null ? "" : text, filePath, fileSizeBytes, null, false, null, false, now, durationMs));
        refreshUserFlags(uid);
        return of(saved);
    }

    public List<VoiceRecording> recordings(long userId) {
        return recordings.findByUserIdOrderById(Math.toIntExact(userId)).stream().map(VoiceService::of).toList();
    }

    /** Deletes one of the user's samples and returns it (so its file can be removed). NOT_FOUND otherwise. */
    public VoiceRecording deleteRecording(long userId, long recordingId) {
        VoiceRecordingEntity r = owned(userId, recordingId);
        recordings.deleteById(r.id());
        markBestForTraining(r.userId());
        refreshUserFlags(r.userId());
        return of(r);
    }

    /**
     * Stores the assessed quality (1-100) of a sample and marks it processed; the user's best
     * {@value #TRAINING_RECORDINGS} processed samples are then the ones marked {@code used_for_training}.
     */
    public VoiceRecording setRecordingQuality(long userId, long recordingId, int qualityScore) {
        if (qualityScore < 1 || qualityScore > 100) {
            throw Validation.invalid("qualityScore must be 1 to 100");
        }
        VoiceRecordingEntity r = owned(userId, recordingId);
        recordings.update(new VoiceRecordingEntity(r.id(), r.userId(), r.language(), r.textContent(),
                r.filePath(), r.fileSizeBytes(), qualityScore, true, Times.now(clock), r.usedForTraining(),
                r.createdAt(), r.durationMs()));
        markBestForTraining(r.userId());
        return of(owned(userId, recordingId));
    }

    /** The samples a voice model is trained from (the best-scored processed ones), best first. */
    public List<VoiceRecording> trainingRecordings(long userId) {
        return recordings.findByUserIdOrderById(Math.toIntExact(userId)).stream()
                .filter(r -> Boolean.TRUE.equals(r.usedForTraining()))
                .sorted(BEST_FIRST).map(VoiceService::of).toList();
    }

    /**
     * Marks the model as training. INVALID_INPUT when no sample has been scored yet, DUPLICATE while a training
     * is already running.
     */
    public VoiceModelStatus startTraining(long userId, String engine) {
        if (trainingRecordings(userId).isEmpty()) {
            throw Validation.invalid("upload and get at least one voice recording scored before training a model");
        }
        if ("training".equals(modelStatus(userId).status())) {
            throw new RuleViolationException(Violation.DUPLICATE, "a voice model is already being trained");
        }
        return setModelStatus(userId, "training", engine, null, null);
    }

    /**
     * Stores a trained model: its quality, the cloning engine's reference (or {@code null}) and the measured
     * profile; sets {@code users.voice_model_trained} and {@code voice_quality_score}.
     */
    public VoiceModelStatus completeTraining(long userId, String engine, String modelRef, int qualityScore,
                                             double medianF0Hz, double f0RangeSemitones, double syllablesPerSecond) {
        return save(userId, "ready", engine, modelRef, qualityScore, null,
                new double[] {medianF0Hz, f0RangeSemitones, syllablesPerSecond});
    }

    /**
     * Marks trainings that a stopped process left in {@code training} as failed, so their users can train again;
     * returns how many there were. Called once at start-up, before any training runs.
     */
    public int failInterruptedTrainings() {
        List<VoiceModelEntity> stuck = models.findByStatus("training");
        for (VoiceModelEntity m : stuck) {
            failTraining(m.userId(), m.engine(), "training was interrupted by a restart; start it again");
        }
        return stuck.size();
    }

    /** Records why training failed (the message is shown to the user); the previous profile is dropped. */
    public VoiceModelStatus failTraining(long userId, String engine, String errorMessage) {
        String message = errorMessage == null ? "training failed"
                : errorMessage.length() > 500 ? errorMessage.substring(0, 500) : errorMessage;
        return save(userId, "failed", engine, null, null, message, null);
    }

    /**
     * Deletes the user's voice model row and clears the user's trained flag; returns what was deleted (its
     * {@code modelRef} names the reference to remove from the cloning engine). NOT_FOUND without a model.
     */
    public VoiceModelStatus deleteModel(long userId) {
        int uid = Math.toIntExact(userId);
        VoiceModelEntity m = models.findByUserId(uid)
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "no voice model"));
        models.deleteById(m.id());
        UserEntity u = users.findById(uid).orElseThrow();
        users.updateVoice(uid, Boolean.TRUE.equals(u.hasVoiceSample()), false, null, Times.now(clock));
        return of(m);
    }

    public VoiceModelStatus modelStatus(long userId) {
        return models.findByUserId(Math.toIntExact(userId)).map(VoiceService::of)
                .orElse(VoiceModelStatus.none(userId));
    }

    /**
     * Records the voice model's state; {@code ready} with a score sets {@code users.voice_model_trained} and
     * {@code voice_quality_score}, which the routing plan reads.
     */
    public VoiceModelStatus setModelStatus(long userId, String status, String engine, Integer qualityScore,
                                           String errorMessage) {
        if (!MODEL_STATES.contains(status)) {
            throw Validation.invalid("unknown voice model status " + status);
        }
        if (qualityScore != null && (qualityScore < 1 || qualityScore > 100)) {
            throw Validation.invalid("qualityScore must be 1 to 100");
        }
        Optional<VoiceModelEntity> existing = models.findByUserId(Math.toIntExact(userId));
        return save(userId, status, engine, existing.map(VoiceModelEntity::modelRef).orElse(null), qualityScore,
                errorMessage, existing.filter(m -> m.medianF0Hz() != null)
                        .map(m -> new double[] {m.medianF0Hz(), m.f0RangeSemitones(), m.syllablesPerSecond()})
                        .orElse(null));
    }

    private VoiceModelStatus save(long userId, String status, String engine, String modelRef, Integer qualityScore,
                                  String errorMessage, double[] profile) {
        int uid = Math.toIntExact(userId);
        LocalDateTime now = Times.now(clock);
        Optional<VoiceModelEntity> existing = models.findByUserId(uid);
        VoiceModelEntity row = new VoiceModelEntity(existing.map(VoiceModelEntity::id).orElse(null), uid, status,
                engine, modelRef, qualityScore, errorMessage, existing.map(VoiceModelEntity::createdAt).orElse(now),
                now, profile == null ? null : profile[0], profile == null ? null : profile[1],
                profile == null ? null : profile[2]);
        VoiceModelEntity saved = existing.isPresent() ? models.update(row) : models.save(row);
        UserEntity u = users.findById(uid).orElseThrow();
        boolean ready = "ready".equals(status);
        users.updateVoice(uid, Boolean.TRUE.equals(u.hasVoiceSample()), ready, ready ? qualityScore : null, now);
        return of(saved);
    }

    /** Keeps {@code used_for_training} on exactly the best {@value #TRAINING_RECORDINGS} scored samples. */
    private void markBestForTraining(int userId) {
        List<VoiceRecordingEntity> all = recordings.findByUserIdOrderById(userId);
        List<Integer> best = all.stream().filter(r -> r.qualityScore() != null).sorted(BEST_FIRST)
                .limit(TRAINING_RECORDINGS).map(VoiceRecordingEntity::id).toList();
        for (VoiceRecordingEntity r : all) {
            boolean used = best.contains(r.id());
            if (used != Boolean.TRUE.equals(r.usedForTraining())) {
                recordings.update(new VoiceRecordingEntity(r.id(), r.userId(), r.language(), r.textContent(),
                        r.filePath(), r.fileSizeBytes(), r.qualityScore(), r.isProcessed(), r.processedAt(), used,
                        r.createdAt(), r.durationMs()));
            }
        }
    }

    private static final Comparator<VoiceRecordingEntity> BEST_FIRST = Comparator
            .comparing((VoiceRecordingEntity r) -> r.qualityScore() == null ? 0 : r.qualityScore()).reversed()
            .thenComparing(VoiceRecordingEntity::id);

    private void refreshUserFlags(int userId) {
        users.findById(userId).ifPresent(u -> users.updateVoice(userId, recordings.countByUserId(userId) > 0,
                Boolean.TRUE.equals(u.voiceModelTrained()), u.voiceQualityScore(), Times.now(clock)));
    }

    private VoiceRecordingEntity owned(long userId, long recordingId) {
        if (recordingId <= 0 || recordingId > Integer.MAX_VALUE) {
            throw new RuleViolationException(Violation.NOT_FOUND, "recording not found");
        }
        return recordings.findByIdAndUserId((int) recordingId, Math.toIntExact(userId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "recording not found"));
    }

    private static VoiceRecording of(VoiceRecordingEntity r) {
        return new VoiceRecording(r.id(), r.userId(), Language.fromCode(r.language()), r.textContent(), r.filePath(),
                r.fileSizeBytes(), r.durationMs(), r.qualityScore(), Boolean.TRUE.equals(r.isProcessed()),
                Boolean.TRUE.equals(r.usedForTraining()), Times.instant(r.createdAt()));
    }

    private static VoiceModelStatus of(VoiceModelEntity m) {
        return new VoiceModelStatus(m.userId(), m.status(), m.engine(), m.qualityScore(), m.errorMessage(),
                Times.instant(m.updatedAt()), m.modelRef(), m.medianF0Hz(), m.f0RangeSemitones(),
                m.syllablesPerSecond());
    }
}
