package org.babelbridge.media.mix;

/**
 * Mixer settings. {@code duckingDb} is the level of a dubbed speaker's original audio under the dubbed
 * speech, in dB (negative, e.g. -15); 0 turns the ducked original off so only the dubbed speech is
 * heard. {@code dubbedBacklogMaxMs} bounds the dubbed audio queued per listener; beyond it the oldest
 * queued audio is dropped and counted.
 */
public record MixerConfig(double duckingDb, int dubbedBacklogMaxMs) {

    public MixerConfig {
        if (duckingDb > 0 || duckingDb < -96 || Double.isNaN(duckingDb)) {
            throw new IllegalArgumentException("duckingDb must be in [-96, 0] (0 = no ducked original): " + duckingDb);
        }
        if (dubbedBacklogMaxMs < 20) {
            throw new IllegalArgumentException("dubbedBacklogMaxMs must be >= 20: " + dubbedBacklogMaxMs);
        }
    }

    public static MixerConfig defaults() {
        return new MixerConfig(-15, 4000);
    }

    /** The ducking gain in Q15 fixed point; 0 when the ducked original is off. */
    public int duckGainQ15() {
        return duckingDb == 0 ? 0 : (int) Math.round(32768 * Math.pow(10, duckingDb / 20));
    }
}
