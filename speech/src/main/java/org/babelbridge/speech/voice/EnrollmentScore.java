package org.babelbridge.speech.voice;

import java.util.List;

/**
 * What the audio of one enrolment recording says about its usefulness for a voice model.
 *
 * @param durationSeconds   length of the recording
 * @param snrDb             speech level (90th percentile of 20 ms frame levels) minus noise floor (10th)
 * @param clippedRatio      fraction of samples at or next to full scale
 * @param speechRatio       fraction of frames more than 10 dB above the noise floor
 * @param speechLevelDbfs   mean level of the speech frames
 * @param qualityScore      1-100, see {@link EnrollmentScorer} for the formula
 * @param problems          human-readable reasons the score is not higher (empty when none)
 */
public record EnrollmentScore(double durationSeconds, double snrDb, double clippedRatio, double speechRatio,
                              double speechLevelDbfs, int qualityScore, List<String> problems) {

    public EnrollmentScore {
        problems = List.copyOf(problems);
    }
}
