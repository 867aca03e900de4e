package org.babelbridge.media.record;

/**
 * Sees every participant's audio of one call, frame by frame, on the call's media thread: what the bridge
 * took from the participant's leg (after the jitter buffer) and the personal mix it sent back. The arrays
 * belong to the call and are reused on the next tick, so an implementation copies what it keeps and returns
 * at once; it must not block or allocate in the steady state.
 */
public interface CallAudioTap {

    void onFrame(String participantId, short[] received, short[] sent);

    /** The call's media ended (or the tap was replaced); no more frames follow. Any thread. */
    default void detached() {
    }
}
