package org.babelbridge.api;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.babelbridge.calls.VoiceModelStatus;
import org.babelbridge.calls.VoiceRecording;
import org.babelbridge.calls.VoiceService;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.voice.VoiceCloner;
import org.babelbridge.speech.voice.VoiceProfile;
import org.babelbridge.speech.voice.VoiceProfileExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains voice models in the background, one at a time (it is CPU-bound): decrypts the samples marked for
 * training, measures the speaker's voice profile, registers the reference audio with the voice-cloning engine
 * when one is configured, and stores the result (quality = the mean score of the samples used). Also deletes
 * models, at the cloning engine first so that no reference is left there without a record of it here.
 */
@Singleton
final class VoiceModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceModelTrainer.class);
    static final String PROFILE_ONLY_ENGINE = "voice-profile";
    static final String CLONING_ENGINE = "voice-cloning";

    private final VoiceService voice;
    private final RecordingStore store;
    private final VoiceCloner cloner;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "voice-model-training");
        t.setDaemon(true);
        return t;
    });

    VoiceModelTrainer(VoiceService voice, RecordingStore store, @Nullable VoiceCloner cloner) {
        this.voice = voice;
        this.store = store;
        this.cloner = cloner;
        try {
            int interrupted = voice.failInterruptedTrainings();
            if (interrupted > 0) {
                LOG.warn("{} voice model training(s) were interrupted by a restart and are marked failed",
                        interrupted);
            }
        } catch (RuntimeException e) {
            // the database may be down right now; those users can still retry once it is back
            LOG.warn("cannot mark interrupted voice model trainings as failed: {}", e.toString());
        }
    }

    /** Marks the model as training and trains it in the background; the returned status says {@code training}. */
    VoiceModelStatus start(long userId) {
        VoiceModelStatus training = voice.startTraining(userId, engineName());
        worker.execute(() -> train(userId));
        return training;
    }

    /**
     * Deletes the user's voice model: the reference at the cloning engine, then the row.
     *
     * @throws ApiException 503 when the cloning engine could not be told (nothing is deleted then)
     */
    void deleteModel(long userId) {
        forgetAtCloningEngine(voice.modelStatus(userId));
        voice.deleteModel(userId);
    }

    /**
     * Deletes the model's reference at the cloning engine (before an account or a sample it came from is
     * deleted); nothing to do without one.
     *
     * @throws ApiException 503 when the cloning engine could not be told
     */
    void forgetAtCloningEngine(VoiceModelStatus model) {
        if (model.modelRef() == null) {
            return;
        }
        if (cloner == null) {
            throw new ApiException(503, "Service Unavailable", "the voice model was registered with a voice-cloning"
                    + " server that is no longer configured (speech.tts.xtts.url); it cannot be deleted there");
        }
        try {
            cloner.unregister(model.modelRef());
        } catch (RuntimeException e) {
            LOG.warn("cannot delete voice {} at the cloning server: {}", model.modelRef(), e.getMessage());
            throw new ApiException(503, "Service Unavailable",
                    "the voice-cloning server could not delete the voice reference; nothing was deleted, try again");
        }
    }

    private void train(long userId) {
        String engine = engineName();
        try {
            List<VoiceRecording> used = voice.trainingRecordings(userId);
            if (used.isEmpty()) {
                throw new IllegalArgumentException("no scored voice recording to train from");
            }
            List<WavAudio> audio = new ArrayList<>();
            for (VoiceRecording r : used) {
                audio.add(WavReader.read(store.read(r.filePath())));
            }
            VoiceProfile profile = VoiceProfileExtractor.extract(audio);
            int quality = (int) Math.round(used.stream().mapToInt(r -> r.qualityScore()).average().orElseThrow());
            String previousRef = voice.modelStatus(userId).modelRef();
            String modelRef = cloner == null ? null : cloner.register("user-" + userId, reference(audio));
            try {
                voice.completeTraining(userId, engine, modelRef, quality, profile.medianF0Hz(),
                        profile.f0RangeSemitones(), profile.syllablesPerSecond());
            } catch (RuntimeException e) {
                if (modelRef != null) {
                    cloner.unregister(modelRef); // e.g. the account was deleted meanwhile: leave nothing behind
                }
                throw e;
            }
            if (previousRef != null && !previousRef.equals(modelRef) && cloner != null) {
                cloner.unregister(previousRef); // the replaced reference must not linger at the server
            }
            LOG.info("voice model of user {} trained: quality {}, median F0 {} Hz", userId, quality,
                    Math.round(profile.medianF0Hz()));
        } catch (RuntimeException | org.babelbridge.media.wav.MalformedWavException e) {
            LOG.info("voice model training of user {} failed: {}", userId, e.getMessage());
            try {
                voice.failTraining(userId, engine, e.getMessage());
            } catch (RuntimeException gone) {
                LOG.info("could not record the failed training of user {}: {}", userId, gone.getMessage());
            }
        }
    }

    private static short[] reference(List<WavAudio> audio) {
        List<short[]> parts = audio.stream().map(VoiceProfileExtractor::to16k).toList();
        short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    private String engineName() {
        return cloner == null ? PROFILE_ONLY_ENGINE : CLONING_ENGINE;
    }

    @PreDestroy
    void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
