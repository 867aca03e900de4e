package org.babelbridge.server.voice;

import jakarta.inject.Singleton;
import org.babelbridge.calls.VoiceConsentService;
import org.babelbridge.calls.VoiceModelStatus;
import org.babelbridge.calls.VoiceService;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.Participant;
import org.babelbridge.speech.pipeline.SpeakerVoices;
import org.babelbridge.speech.voice.ClonedVoiceModel;
import org.babelbridge.speech.voice.VoiceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dubs each participant in the voice their trained model describes: the stored voice profile shapes the
 * standard voice, and a registered clone is offered (with the speaker's current consent, which the pipeline
 * checks) when the model is ready. Without a model, or while the database cannot be read, the neutral voice
 * is used: a call never waits for enrolment data.
 */
@Singleton
public final class StoredSpeakerVoices implements SpeakerVoices {

    private static final Logger LOG = LoggerFactory.getLogger(StoredSpeakerVoices.class);

    private final VoiceService voice;
    private final VoiceConsentService consent;

    public StoredSpeakerVoices(VoiceService voice, VoiceConsentService consent) {
        this.voice = voice;
        this.consent = consent;
    }

    @Override
    public Participant participant(String id, Language language) {
        long userId;
        try {
            userId = Long.parseLong(id);
        } catch (NumberFormatException notAUser) {
            return NEUTRAL.participant(id, language);
        }
        VoiceModelStatus model;
        boolean consented;
        try {
            model = voice.modelStatus(userId);
            consented = model.modelRef() != null && consent.hasConsented(userId);
        } catch (RuntimeException e) {
            LOG.warn("voice model of user {} unavailable, dubbing in the neutral voice: {}", userId, e.toString());
            return NEUTRAL.participant(id, language);
        }
        if (!"ready".equals(model.status()) || !model.hasProfile()) {
            return NEUTRAL.participant(id, language);
        }
        VoiceProfile profile = new VoiceProfile(model.medianF0Hz(), model.f0RangeSemitones(),
                model.syllablesPerSecond());
        ClonedVoiceModel clone = model.modelRef() == null || model.qualityScore() == null ? null
                : new ClonedVoiceModel(model.modelRef(), model.qualityScore(), consented);
        return new Participant(id, language, profile, clone);
    }
}
