package org.babelbridge.media.vad;

/**
 * Settings of the {@link Endpointer}. Durations are rounded up to whole 20 ms frames.
 *
 * @param endOfSpeechSilenceMs silence after the last speech frame that ends an utterance
 * @param hangoverMs audio kept after the last speech frame, so weak word endings are not cut
 * @param preRollMs audio kept before the detected start, so the first syllable is not cut
 * @param speechStartMs consecutive loud frames needed to declare speech (rejects clicks)
 * @param minSpeechMs utterances with less speech than this are dropped (coughs, line bursts)
 * @param maxUtteranceMs an utterance is cut and a new one started once it grows this long
 * @param startThresholdDb level above the noise floor that starts speech
 * @param continueThresholdDb level above the noise floor that keeps speech going (hysteresis)
 * @param minSpeechLevelDbfs frames quieter than this are never speech, whatever the noise floor
 * @param tailBelowPeakDb once speech has begun, frames this far below its loudest frame count as silence
 *     (the fading tail of the last word does not hold the utterance open)
 * @param pauseNoticeMs silence after the last speech frame at which the utterance so far is offered to
 *     {@link UtteranceListener#onPause} as probably finished, so recognition can start before the
 *     end-of-speech silence has passed; 0 never offers it
 */
public record EndpointerConfig(
        int endOfSpeechSilenceMs,
        int hangoverMs,
        int preRollMs,
        int speechStartMs,
        int minSpeechMs,
        int maxUtteranceMs,
        double startThresholdDb,
        double continueThresholdDb,
        double minSpeechLevelDbfs,
        double tailBelowPeakDb,
        int pauseNoticeMs) {

    public EndpointerConfig {
        requireRange("endOfSpeechSilenceMs", endOfSpeechSilenceMs, 20, 10_000);
        requireRange("hangoverMs", hangoverMs, 0, endOfSpeechSilenceMs);
        requireRange("preRollMs", preRollMs, 0, 2_000);
        requireRange("speechStartMs", speechStartMs, 20, 1_000);
        requireRange("minSpeechMs", minSpeechMs, 0, 10_000);
        requireRange("maxUtteranceMs", maxUtteranceMs, 1_000, 120_000);
        if (pauseNoticeMs != 0 && (pauseNoticeMs < hangoverMs || pauseNoticeMs >= endOfSpeechSilenceMs)) {
            throw new IllegalArgumentException("pauseNoticeMs must be 0 or in [hangoverMs, endOfSpeechSilenceMs), was "
                    + pauseNoticeMs);
        }
        if (!(startThresholdDb > 0 && startThresholdDb <= 40)) {
            throw new IllegalArgumentException("startThresholdDb must be in (0, 40], was " + startThresholdDb);
        }
        if (!(continueThresholdDb > 0 && continueThresholdDb <= startThresholdDb)) {
            throw new IllegalArgumentException("continueThresholdDb must be in (0, startThresholdDb], was "
                    + continueThresholdDb);
        }
        if (!(tailBelowPeakDb >= 10 && tailBelowPeakDb <= 90)) {
            throw new IllegalArgumentException("tailBelowPeakDb must be in [10, 90], was " + tailBelowPeakDb);
        }
        if (!(minSpeechLevelDbfs >= -96 && minSpeechLevelDbfs <= 0)) {
            throw new IllegalArgumentException("minSpeechLevelDbfs must be in [-96, 0], was " + minSpeechLevelDbfs);
        }
    }

    /**
     * 500 ms end-of-speech silence, 40 ms hangover and pre-roll, 60 ms onset, 200 ms minimum speech,
     * 15 s maximum, speech 10 dB (start) / 6 dB (continue) above the noise floor and above -50 dBFS,
     * tail 30 dB below the utterance's peak, pauses offered after 200 ms.
     */
    public static EndpointerConfig defaults() {
        return new EndpointerConfig(500, 40, 40, 60, 200, 15_000, 10.0, 6.0, -50.0, 30.0, 200);
    }

    /** The pause notice stays where it was if it still fits under the new silence, else it is turned off. */
    public EndpointerConfig withEndOfSpeechSilenceMs(int value) {
        int hangover = Math.min(hangoverMs, value);
        int pause = pauseNoticeMs >= hangover && pauseNoticeMs < value ? pauseNoticeMs : 0;
        return new EndpointerConfig(value, hangover, preRollMs, speechStartMs, minSpeechMs,
                maxUtteranceMs, startThresholdDb, continueThresholdDb, minSpeechLevelDbfs, tailBelowPeakDb, pause);
    }

    public EndpointerConfig withPauseNoticeMs(int value) {
        return new EndpointerConfig(endOfSpeechSilenceMs, hangoverMs, preRollMs, speechStartMs, minSpeechMs,
                maxUtteranceMs, startThresholdDb, continueThresholdDb, minSpeechLevelDbfs, tailBelowPeakDb, value);
    }

    public EndpointerConfig withMinSpeechMs(int value) {
        return new EndpointerConfig(endOfSpeechSilenceMs, hangoverMs, preRollMs, speechStartMs, value,
                maxUtteranceMs, startThresholdDb, continueThresholdDb, minSpeechLevelDbfs, tailBelowPeakDb, pauseNoticeMs);
    }

    public EndpointerConfig withMaxUtteranceMs(int value) {
        return new EndpointerConfig(endOfSpeechSilenceMs, hangoverMs, preRollMs, speechStartMs, minSpeechMs,
                value, startThresholdDb, continueThresholdDb, minSpeechLevelDbfs, tailBelowPeakDb, pauseNoticeMs);
    }

    /** A pause notice shorter than the new hangover moves up to it (or off, if that reaches the end of speech). */
    public EndpointerConfig withPadding(int preRoll, int hangover) {
        int pause = pauseNoticeMs == 0 || pauseNoticeMs >= hangover ? pauseNoticeMs
                : hangover < endOfSpeechSilenceMs ? hangover : 0;
        return new EndpointerConfig(endOfSpeechSilenceMs, hangover, preRoll, speechStartMs, minSpeechMs,
                maxUtteranceMs, startThresholdDb, continueThresholdDb, minSpeechLevelDbfs, tailBelowPeakDb, pause);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
