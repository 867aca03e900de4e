package org.babelbridge.speech.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.babelbridge.media.AudioFormat;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EspeakSynthesizerTest {

    private static final Voice NEUTRAL = new Voice.Standard(VoiceProfile.NEUTRAL_MALE);
    private static EspeakSynthesizer synthesizer;

    @BeforeAll
    static void start() {
        synthesizer = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({
        "EN, Please leave a message after the tone.",
        "RU, Оставьте сообщение после сигнала.",
        "HE, נא להשאיר הודעה אחרי הצליל."
    })
    void speaksEachLanguageAsSixteenKilohertzSpeechInSeveralChunks(Language language, String text) {
        TestAudio.Collector audio = new TestAudio.Collector();

        synthesizer.synthesize(text, language, NEUTRAL, audio);

        short[] pcm = audio.all();
        long durationMs = AudioFormat.millisForSamples(pcm.length);
        assertThat(durationMs).isBetween(1_000L, 6_000L);
        assertThat(audio.chunks).hasSizeGreaterThan(5); // streamed, not one block at the end
        assertThat(PitchTracker.medianVoicedF0(PitchTracker.track(pcm, AudioFormat.SAMPLE_RATE_HZ))).isPositive();
    }

    @Test
    void readsPointedHebrewAsUnpointedHebrew() {
        TestAudio.Collector pointed = new TestAudio.Collector();
        TestAudio.Collector plain = new TestAudio.Collector();

        synthesizer.synthesize("שָׁלוֹם עוֹלָם", Language.HE, NEUTRAL, pointed);
        synthesizer.synthesize("שלום עולם", Language.HE, NEUTRAL, plain);

        assertThat(HebrewText.stripNiqqud("שָׁלוֹם עוֹלָם")).isEqualTo("שלום עולם");
        assertThat(HebrewText.stripNiqqud("בְּרֵאשִׁית בָּרָא")).isEqualTo("בראשית ברא");
        // espeak-ng carries a little state between calls, so compare durations, not samples.
        assertThat((double) pointed.all().length).isCloseTo(plain.all().length, within(plain.all().length * 0.03));
    }

    @Test
    void twoProfilesGiveAudiblyDifferentSpeechWhoseMedianPitchFollowsEachProfile() {
        VoiceProfile low = new VoiceProfile(105, 6, 4.0);
        VoiceProfile high = new VoiceProfile(230, 8, 4.0);
        String text = "Thank you for calling. Please hold while we connect your call.";

        double lowF0 = medianF0(text, low);
        double highF0 = medianF0(text, high);

        assertThat(lowF0).isCloseTo(105, within(105 * 0.15));
        assertThat(highF0).isCloseTo(230, within(230 * 0.15));
    }

    @Test
    void fasterProfileSpeaksTheSameTextInLessTime() {
        String text = "Please enter your password followed by the pound key.";
        TestAudio.Collector slow = new TestAudio.Collector();
        TestAudio.Collector fast = new TestAudio.Collector();

        synthesizer.synthesize(text, Language.EN, new Voice.Standard(new VoiceProfile(120, 7, 3.0)), slow);
        synthesizer.synthesize(text, Language.EN, new Voice.Standard(new VoiceProfile(120, 7, 5.5)), fast);

        assertThat(fast.all().length).isLessThan((int) (slow.all().length * 0.8));
    }

    @Test
    void refusesClonedVoices() {
        assertThatThrownBy(() -> synthesizer.synthesize("hello", Language.EN,
                new Voice.Cloned("speaker-1", VoiceProfile.NEUTRAL_MALE), chunk -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(synthesizer.speaksClonedVoices()).isFalse();
    }

    @Test
    void missingLibraryIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> EspeakEngine.loadLibrary("libno-such-espeak.so.1"))
                .isInstanceOf(EngineConfigurationException.class)
                .hasMessageContaining("speech.tts.espeak.library")
                .hasMessageContaining("libno-such-espeak.so.1");
    }

    private static double medianF0(String text, VoiceProfile profile) {
        TestAudio.Collector audio = new TestAudio.Collector();
        synthesizer.synthesize(text, Language.EN, new Voice.Standard(profile), audio);
        return PitchTracker.medianVoicedF0(PitchTracker.track(audio.all(), AudioFormat.SAMPLE_RATE_HZ));
    }
}
