package org.babelbridge.media.vad;

/**
 * Receives finished utterances. Called on a media thread: implementations hand the utterance to
 * their own executor and return at once, never blocking the 20 ms clock.
 */
@FunctionalInterface
public interface UtteranceListener {
    void onUtterance(Utterance utterance);

    /**
     * The speaker has paused for {@link EndpointerConfig#pauseNoticeMs}: {@code soFar} is the utterance as
     * it stands. If the pause lasts to the end-of-speech silence, {@link #onUtterance} receives this very
     * object (same identity); if the speaker goes on, it receives a different one and {@code soFar} is stale.
     * Lets a listener start recognising before the end-of-speech silence has passed. Ignored by default.
     */
    default void onPause(Utterance soFar) {
    }
}
