package org.babelbridge.calls;

/** Where {@link TranscriptRecorder} writes; idempotent per (utterance, listener language). */
public interface TranscriptStore {

    /**
     * Writes all rows of {@code entry} atomically; rows already present are left as they are.
     *
     * @throws Exception when the write failed; {@link #isPermanent(Exception)} tells whether retrying can help
     */
    void write(TranscriptEntry entry) throws Exception;

    /** True for failures a retry cannot fix (e.g. the call does not exist). */
    boolean isPermanent(Exception failure);
}
