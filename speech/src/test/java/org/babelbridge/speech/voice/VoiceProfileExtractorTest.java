package org.babelbridge.speech.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.wav.WavAudio;
import org.babelbridge.media.wav.WavReader;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.TestAudio;
import org.babelbridge.speech.tts.Voice;
import org.babelbridge.speech.tts.espeak.EspeakConfig;
import org.babelbridge.speech.tts.espeak.EspeakSynthesizer;
import org.junit.jupiter.api.Test;

class VoiceProfileExtractorTest {

    private static final int RATE = AudioFormat.SAMPLE_RATE_HZ;

    @Test
    void measuresTheMedianPitchOfAKnownSyntheticVoice() {
        EspeakSynthesizer espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
        TestAudio.Collector audio = new TestAudio.Collector();
        espeak.synthesize("Please leave your message after the tone. When done, hang up or press the pound key.",
                Language.EN, new Voice.Standard(new VoiceProfile(140, 7, 4)), audio);

        VoiceProfile profile = VoiceProfileExtractor.extract(audio.all(), RATE);

        assertThat(profile.medianF0Hz()).isCloseTo(140, within(140 * 0.1));
        assertThat(profile.f0RangeSemitones()).isBetween(1.0, 15.0);
        assertThat(profile.syllablesPerSecond()).isBetween(2.0, 8.0);
    }

    @Test
    void enrolledSpeakersAreDubbedWithAMedianPitchWithinFifteenPercentOfTheirOwn() {
        EspeakSynthesizer espeak = EspeakSynthesizer.start(EspeakConfig.DEFAULTS);
        VoiceProfile english = VoiceProfileExtractor.extract(EnrollmentScorerTest.cleanRecording(), RATE);
        VoiceProfile russian = VoiceProfileExtractor.extract(russianRecording(), RATE);
        assertThat(Math.abs(english.medianF0Hz() - russian.medianF0Hz()))
                .as("the two recorded speakers differ in pitch").isGreaterThan(20);

        for (VoiceProfile speaker : List.of(english, russian)) {
            TestAudio.Collector dubbed = new TestAudio.Collector();
            espeak.synthesize("На данный момент все линии заняты. Пожалуйста, перезвоните позже.", Language.RU,
                    new Voice.Standard(speaker), dubbed);
            double dubbedF0 = PitchTracker.medianVoicedF0(PitchTracker.track(dubbed.all(), RATE));

            assertThat(dubbedF0).as("dubbing of a %.0f Hz speaker", speaker.medianF0Hz())
                    .isCloseTo(speaker.medianF0Hz(), within(speaker.medianF0Hz() * 0.15));
        }
    }

    @Test
    void measuresRecordingsReadFromWavFilesAtTheirOwnRate() throws java.io.IOException {
        WavAudio first = WavReader.read(TestAudio.promptWav("en", "vm-intro"));
        WavAudio second = WavReader.read(TestAudio.promptWav("en", "agent-alreadyon"));

        VoiceProfile profile = VoiceProfileExtractor.extract(List.of(first, second));

        assertThat(profile.medianF0Hz()).isCloseTo(
                VoiceProfileExtractor.extract(EnrollmentScorerTest.cleanRecording(), RATE).medianF0Hz(), within(20.0));
        assertThat(EnrollmentScorer.score(first).durationSeconds()).isCloseTo(first.durationMs() / 1000.0, within(0.01));
    }

    @Test
    void refusesAudioWithTooLittleVoicedSpeech() {
        assertThatThrownBy(() -> VoiceProfileExtractor.extract(new short[RATE * 5], RATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voiced speech");
    }

    private static short[] russianRecording() {
        List<short[]> parts = new ArrayList<>();
        for (String name : List.of("vm-intro", "agent-pass", "all-circuits-busy-now", "conf-onlyperson")) {
            parts.add(TestAudio.prompt16k("ru", name));
        }
        return TestAudio.concat(parts);
    }
}
