package org.babelbridge.speech.tts.espeak;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.tts.SpeechSynthesizer;
import org.babelbridge.speech.tts.Voice;

/**
 * Offline speech synthesis with espeak-ng in Hebrew, English and Russian, shaped by the speaker's
 * voice profile (pitch, range, rate). espeak-ng's 22.05 kHz chunks are resampled to 16 kHz and
 * handed on as they are produced. Calls are serialised on the process-wide espeak-ng instance.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    private final EspeakEngine engine;
    private final EspeakVoiceShaper shaper;

    private EspeakSynthesizer(EspeakEngine engine) {
        this.engine = engine;
        this.shaper = new EspeakVoiceShaper(engine);
    }

    /**
     * Loads espeak-ng and calibrates its voices (a few hundred milliseconds), so that the first
     * utterance of a call is not slower than the rest.
     *
     * @throws org.babelbridge.speech.EngineConfigurationException naming the setting when it cannot
     */
    public static EspeakSynthesizer start(EspeakConfig config) {
        EspeakSynthesizer synthesizer = new EspeakSynthesizer(EspeakEngine.load(config));
        synthesizer.shaper.calibrateAll();
        return synthesizer;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.HE, Language.EN, Language.RU);
    }

    @Override
    public void synthesize(String text, Language language, Voice voice, Consumer<short[]> audio) {
        if (!(voice instanceof Voice.Standard)) {
            throw new IllegalArgumentException("espeak-ng speaks standard voices only, not " + voice);
        }
        String spoken = language == Language.HE ? HebrewText.stripNiqqud(text) : text;
        if (spoken.isBlank()) {
            return;
        }
        EspeakVoiceShaper.Settings settings = shaper.shape(language, voice.profile());
        Resampler resampler = new Resampler(engine.sampleRateHz(), AudioFormat.SAMPLE_RATE_HZ);
        engine.speak(spoken, settings.voiceName(), settings.wordsPerMinute(), settings.pitch(), settings.range(),
                chunk -> emit(resampler, chunk, audio));
        emit(resampler, new short[resampler.delayInputSamples()], audio); // flush the filter's tail
    }

    /** The espeak-ng settings a profile maps to in a language (for diagnostics and tests). */
    public String describeSettings(Language language, Voice.Standard voice) {
        return shaper.shape(language, voice.profile()).toString();
    }

    @Override
    public void close() {
        // espeak-ng stays loaded for the life of the process; other synthesizers may share it.
    }

    private static void emit(Resampler resampler, short[] nativeChunk, Consumer<short[]> audio) {
        short[] out = new short[resampler.maxOutputSamples(nativeChunk.length)];
        int written = resampler.process(nativeChunk, 0, nativeChunk.length, out, 0);
        if (written > 0) {
            audio.accept(written == out.length ? out : Arrays.copyOf(out, written));
        }
    }
}
