package org.babelbridge.media.vad;

/**
 * Receives finished utterances. Called on a media thread: implementations hand the utterance to
 * their own executor and return at once, never blocking the 20 ms clock.
 */
@FunctionalInterface
public interface UtteranceListener {
    void onUtterance(Utterance utterance);
}
