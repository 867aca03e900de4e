package org.babelbridge.speech.pipeline;

/**
 * Settings of the dubbing pipeline ({@code speech.pipeline.*}).
 *
 * @param queueCapacityUtterances utterances waiting per speaker; when full the oldest is dropped and counted
 * @param sttDeadlineMs           longest a final recognition may take
 * @param mtDeadlineMs            longest one translation may take
 * @param ttsDeadlineMs           longest one synthesis may take (all of its audio)
 * @param minCloneQuality         a cloned voice is used only when its quality score is above this
 * @param maxListenerBacklogMs    dubbed audio a listener may have waiting (estimated at real-time
 *                                playout); an utterance that would start later than this is not
 *                                spoken to that listener, and is counted, rather than delay them further
 * @param recogniseOnPause        start recognising when the speaker pauses, before the end-of-speech
 *                                silence has passed; if the pause turns out to be the end, the final
 *                                recognition is ready sooner. Costs a wasted recognition for each pause the
 *                                speaker talks on after (a request each, with a cloud engine)
 */
public record DubbingConfig(int queueCapacityUtterances, long sttDeadlineMs, long mtDeadlineMs,
                            long ttsDeadlineMs, int minCloneQuality, long maxListenerBacklogMs,
                            boolean recogniseOnPause) {

    public static final DubbingConfig DEFAULTS = new DubbingConfig(8, 10_000, 3_000, 10_000, 60, 4_000, true);

    /** Recognising on pauses. */
    public DubbingConfig(int queueCapacityUtterances, long sttDeadlineMs, long mtDeadlineMs, long ttsDeadlineMs,
                         int minCloneQuality, long maxListenerBacklogMs) {
        this(queueCapacityUtterances, sttDeadlineMs, mtDeadlineMs, ttsDeadlineMs, minCloneQuality,
                maxListenerBacklogMs, true);
    }

    /** With the default 4 s listener backlog bound, recognising on pauses. */
    public DubbingConfig(int queueCapacityUtterances, long sttDeadlineMs, long mtDeadlineMs, long ttsDeadlineMs,
                         int minCloneQuality) {
        this(queueCapacityUtterances, sttDeadlineMs, mtDeadlineMs, ttsDeadlineMs, minCloneQuality, 4_000, true);
    }

    public DubbingConfig {
        if (queueCapacityUtterances < 1) {
            throw new IllegalArgumentException("queueCapacityUtterances must be at least 1");
        }
        if (sttDeadlineMs <= 0 || mtDeadlineMs <= 0 || ttsDeadlineMs <= 0) {
            throw new IllegalArgumentException("stage deadlines must be positive");
        }
        if (maxListenerBacklogMs <= 0) {
            throw new IllegalArgumentException("maxListenerBacklogMs must be positive");
        }
        if (minCloneQuality < 0 || minCloneQuality > 100) {
            throw new IllegalArgumentException("minCloneQuality must be within 0..100");
        }
    }

    public DubbingConfig withRecogniseOnPause(boolean value) {
        return new DubbingConfig(queueCapacityUtterances, sttDeadlineMs, mtDeadlineMs, ttsDeadlineMs, minCloneQuality,
                maxListenerBacklogMs, value);
    }
}
