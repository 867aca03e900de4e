package org.babelbridge.speech.pipeline;

/**
 * Counters of one pipeline since it started.
 *
 * @param utterancesReceived   utterances handed to {@link DubbingPipeline#onUtterance}
 * @param utterancesDropped    dropped because the speaker's queue was full, the speaker unknown or the
 *                             pipeline closed
 * @param unrecognized         no recogniser for the speaker's language, or nothing recognised
 * @param stageFailures        engine errors and missed deadlines (any stage)
 * @param untranslated         listener languages that got the spoken notice (no translation, or the
 *                             recognition failed)
 * @param dubbedUtterances     listener languages that got dubbed speech
 * @param backlogSkips         times a listener was not given an utterance because their dubbed backlog
 *                             was over {@link DubbingConfig#maxListenerBacklogMs()}
 * @param pauseRecognitionsUsed   recognitions started at a pause that became the utterance's final one
 * @param pauseRecognitionsWasted recognitions started at a pause the speaker talked on after
 * @param pauseRecognitionsSkipped pauses at which no recognition was started because the engine was busy
 */
public record DubbingStats(long utterancesReceived, long utterancesDropped, long unrecognized, long stageFailures,
                           long untranslated, long dubbedUtterances, long backlogSkips,
                           long pauseRecognitionsUsed, long pauseRecognitionsWasted, long pauseRecognitionsSkipped) {
}
