package org.babelbridge.speech.tts.espeak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.voice.PitchTracker;
import org.babelbridge.speech.voice.VoiceProfile;

/**
 * Turns a {@link VoiceProfile} into espeak-ng settings. espeak-ng's pitch parameter is not in Hz
 * and its effect depends on the voice variant, so each language's male and female variants are
 * measured once (F0 of a calibration sentence at five pitch settings) and the setting for a target
 * F0 is interpolated on a log-frequency scale. Thread-safe.
 */
final class EspeakVoiceShaper {

    static final String FEMALE_VARIANT = "+f3";
    private static final int[] CALIBRATION_PITCHES = {0, 25, 50, 75, 99};
    private static final double NOMINAL_SYLLABLES_PER_SECOND = 4.0;
    private static final int NOMINAL_WORDS_PER_MINUTE = 165;
    private static final double NOMINAL_RANGE_SEMITONES = 7.0;

    private final EspeakEngine engine;
    private final Map<String, double[]> calibrations = new ConcurrentHashMap<>();

    EspeakVoiceShaper(EspeakEngine engine) {
        this.engine = engine;
    }

    /** espeak-ng settings for one utterance. */
    record Settings(String voiceName, int wordsPerMinute, int pitch, int range) {
    }

    Settings shape(Language language, VoiceProfile profile) {
        String male = voiceName(language);
        String female = male + FEMALE_VARIANT;
        double[] maleF0 = calibration(language, male);
        double[] femaleF0 = calibration(language, female);
        double target = profile.medianF0Hz();
        // Prefer the variant whose natural range covers the target; between them, the nearer one.
        boolean useFemale = target > maleF0[maleF0.length - 1]
                || (target >= femaleF0[0] && Math.log(target / femaleF0[0]) > Math.log(maleF0[maleF0.length - 1] / target));
        String voice = useFemale ? female : male;
        int pitch = pitchFor(target, useFemale ? femaleF0 : maleF0);
        int wordsPerMinute = (int) Math.round(NOMINAL_WORDS_PER_MINUTE * profile.syllablesPerSecond()
                / NOMINAL_SYLLABLES_PER_SECOND);
        int range = (int) Math.round(50 * profile.f0RangeSemitones() / NOMINAL_RANGE_SEMITONES);
        return new Settings(voice, clamp(wordsPerMinute, 110, 260), pitch, clamp(range, 5, 99));
    }

    /** Measures every language's voices now rather than during the first utterance. */
    void calibrateAll() {
        for (Language language : Language.values()) {
            calibration(language, voiceName(language));
            calibration(language, voiceName(language) + FEMALE_VARIANT);
        }
    }

    static String voiceName(Language language) {
        return switch (language) {
            case EN -> "en-us";
            case RU -> "ru";
            case HE -> "he";
        };
    }

    private double[] calibration(Language language, String voiceName) {
        return calibrations.computeIfAbsent(voiceName, name -> measure(language, name));
    }

    private double[] measure(Language language, String voiceName) {
        double[] f0 = new double[CALIBRATION_PITCHES.length];
        for (int i = 0; i < CALIBRATION_PITCHES.length; i++) {
            List<short[]> chunks = new ArrayList<>();
            engine.speak(calibrationSentence(language), voiceName, NOMINAL_WORDS_PER_MINUTE,
                    CALIBRATION_PITCHES[i], 50, chunks::add);
            f0[i] = PitchTracker.medianVoicedF0(PitchTracker.track(concat(chunks), engine.sampleRateHz()));
            if (f0[i] <= 0 || (i > 0 && f0[i] <= f0[i - 1])) {
                throw new IllegalStateException("espeak-ng voice " + voiceName
                        + " did not give rising pitch during calibration: " + java.util.Arrays.toString(f0));
            }
        }
        return f0;
    }

    private static int pitchFor(double targetHz, double[] measured) {
        if (targetHz <= measured[0]) {
            return CALIBRATION_PITCHES[0];
        }
        for (int i = 1; i < measured.length; i++) {
            if (targetHz <= measured[i]) {
                double fraction = Math.log(targetHz / measured[i - 1]) / Math.log(measured[i] / measured[i - 1]);
                return (int) Math.round(CALIBRATION_PITCHES[i - 1]
                        + fraction * (CALIBRATION_PITCHES[i] - CALIBRATION_PITCHES[i - 1]));
            }
        }
        return CALIBRATION_PITCHES[CALIBRATION_PITCHES.length - 1];
    }

    private static String calibrationSentence(Language language) {
        return switch (language) {
            case EN -> "Please leave a message after the tone, and thank you for calling.";
            case RU -> "Оставьте сообщение после сигнала, и спасибо за звонок.";
            case HE -> "נא להשאיר הודעה אחרי הצליל, ותודה שהתקשרת.";
        };
    }

    static short[] concat(List<short[]> chunks) {
        int total = 0;
        for (short[] chunk : chunks) {
            total += chunk.length;
        }
        short[] all = new short[total];
        int offset = 0;
        for (short[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, offset, chunk.length);
            offset += chunk.length;
        }
        return all;
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
