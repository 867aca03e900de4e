package org.babelbridge.speech.voice;

/**
 * How a speaker sounds, measured from their enrolment audio and used to shape a standard voice:
 * median fundamental frequency, the spread of F0 (5th to 95th percentile, in semitones) and the
 * speaking rate in syllables per second.
 */
public record VoiceProfile(double medianF0Hz, double f0RangeSemitones, double syllablesPerSecond) {

    /** A neutral adult male voice, used when a speaker has not enrolled. */
    public static final VoiceProfile NEUTRAL_MALE = new VoiceProfile(120.0, 7.0, 4.0);
    /** A neutral adult female voice. */
    public static final VoiceProfile NEUTRAL_FEMALE = new VoiceProfile(210.0, 8.0, 4.0);

    public VoiceProfile {
        if (!(medianF0Hz >= 50 && medianF0Hz <= 500)) {
            throw new IllegalArgumentException("medianF0Hz must be within 50..500, was " + medianF0Hz);
        }
        if (!(f0RangeSemitones >= 0 && f0RangeSemitones <= 36)) {
            throw new IllegalArgumentException("f0RangeSemitones must be within 0..36, was " + f0RangeSemitones);
        }
        if (!(syllablesPerSecond > 0 && syllablesPerSecond <= 12)) {
            throw new IllegalArgumentException("syllablesPerSecond must be within 0..12, was " + syllablesPerSecond);
        }
    }
}
