package org.babelbridge.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class VoiceServiceTest {

    private static final CallsContext CTX = new CallsContext();
    private final VoiceService voice = CTX.context.getBean(VoiceService.class);

    @AfterAll
    static void close() {
        CTX.close();
    }

    @Test
    void keepsTheHasVoiceSampleFlagInStepWithRecordings() {
        UserAccount u = CTX.user("Voice", Language.HE);
        VoiceRecording r = voice.addRecording(u.id(), Language.HE, "text read", "/data/voice/1.wav", 640_000, 20_000);
        assertThat(CTX.accounts.find(u.id()).orElseThrow().hasVoiceSample()).isTrue();
        assertThat(voice.recordings(u.id())).extracting(VoiceRecording::id).containsExactly(r.id());
        assertThat(r.processed()).isFalse();
        voice.deleteRecording(u.id(), r.id());
        assertThat(CTX.accounts.find(u.id()).orElseThrow().hasVoiceSample()).isFalse();
    }

    @Test
    void anotherUsersRecordingIsNotFound() {
        UserAccount owner = CTX.user("Owner", Language.EN);
        UserAccount other = CTX.user("Other", Language.EN);
        VoiceRecording r = voice.addRecording(owner.id(), Language.EN, "", "/x.wav", 10, 15_000);
        assertThatThrownBy(() -> voice.deleteRecording(other.id(), r.id()))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.NOT_FOUND));
        assertThat(voice.recordings(owner.id())).hasSize(1);
    }

    @Test
    void aReadyModelFeedsTheRoutingPlansVoiceChoice() {
        UserAccount u = CTX.user("Model", Language.RU);
        assertThat(voice.modelStatus(u.id()).status()).isEqualTo("none");
        voice.setModelStatus(u.id(), "training", "xtts", null, null);
        assertThat(voice.setModelStatus(u.id(), "ready", "xtts", 77, null).qualityScore()).isEqualTo(77);
        UserAccount after = CTX.accounts.find(u.id()).orElseThrow();
        assertThat(after.voiceModelTrained()).isTrue();
        assertThat(after.voiceQualityScore()).isEqualTo(77);
        assertThatThrownBy(() -> voice.setModelStatus(u.id(), "bogus", null, null, null))
                .isInstanceOf(RuleViolationException.class);
    }

    @Test
    void theBestTwoScoredSamplesAreMarkedForTraining() {
        UserAccount u = CTX.user("Best", Language.EN);
        VoiceRecording a = voice.addRecording(u.id(), Language.EN, "", "/a.wav", 10, 20_000);
        VoiceRecording b = voice.addRecording(u.id(), Language.EN, "", "/b.wav", 10, 20_000);
        VoiceRecording c = voice.addRecording(u.id(), Language.EN, "", "/c.wav", 10, 20_000);
        assertThat(voice.setRecordingQuality(u.id(), a.id(), 40).usedForTraining()).isTrue();
        voice.setRecordingQuality(u.id(), b.id(), 90);
        voice.setRecordingQuality(u.id(), c.id(), 70);

        assertThat(voice.trainingRecordings(u.id())).extracting(VoiceRecording::id).containsExactly(b.id(), c.id());
        assertThat(voice.recordings(u.id())).filteredOn(VoiceRecording::usedForTraining).hasSize(2);

        voice.deleteRecording(u.id(), b.id());
        assertThat(voice.trainingRecordings(u.id())).extracting(VoiceRecording::id).containsExactly(c.id(), a.id());
    }

    @Test
    void trainingStoresTheProfileAndDeletingTheModelClearsTheTrainedFlag() {
        UserAccount u = CTX.user("Trainee", Language.HE);
        assertThatThrownBy(() -> voice.startTraining(u.id(), "profile"))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.INVALID_INPUT));
        VoiceRecording r = voice.addRecording(u.id(), Language.HE, "", "/t.wav", 10, 20_000);
        voice.setRecordingQuality(u.id(), r.id(), 81);
        assertThat(voice.startTraining(u.id(), "profile").status()).isEqualTo("training");
        assertThatThrownBy(() -> voice.startTraining(u.id(), "profile"))
                .isInstanceOfSatisfying(RuleViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE));

        VoiceModelStatus ready = voice.completeTraining(u.id(), "xtts", "voice-7", 81, 182.5, 9.25, 4.5);
        assertThat(ready.hasProfile()).isTrue();
        assertThat(voice.modelStatus(u.id())).satisfies(m -> {
            assertThat(m.status()).isEqualTo("ready");
            assertThat(m.modelRef()).isEqualTo("voice-7");
            assertThat(m.medianF0Hz()).isEqualTo(182.5);
            assertThat(m.f0RangeSemitones()).isEqualTo(9.25);
            assertThat(m.syllablesPerSecond()).isEqualTo(4.5);
        });
        assertThat(CTX.accounts.find(u.id()).orElseThrow().voiceQualityScore()).isEqualTo(81);

        assertThat(voice.deleteModel(u.id()).modelRef()).isEqualTo("voice-7");
        assertThat(voice.modelStatus(u.id()).status()).isEqualTo("none");
        assertThat(CTX.accounts.find(u.id()).orElseThrow().voiceModelTrained()).isFalse();
        assertThatThrownBy(() -> voice.deleteModel(u.id())).isInstanceOf(RuleViolationException.class);
    }

    @Test
    void aFailedTrainingKeepsItsReasonAndNoProfile() {
        UserAccount u = CTX.user("Failing", Language.RU);
        VoiceModelStatus failed = voice.failTraining(u.id(), "profile", "too little voiced speech");
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.errorMessage()).isEqualTo("too little voiced speech");
        assertThat(failed.hasProfile()).isFalse();
        assertThat(CTX.accounts.find(u.id()).orElseThrow().voiceModelTrained()).isFalse();
    }
}
