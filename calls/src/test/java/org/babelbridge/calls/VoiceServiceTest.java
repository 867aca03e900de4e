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
}
