package org.babelbridge.speech.pipeline;

/**
 * Receives one event per recognised utterance, on the speaker's pipeline thread, in the speaker's
 * order. Implementations hand the event off (e.g. to a durable transcript writer) and return quickly.
 */
@FunctionalInterface
public interface UtteranceEventListener {
    void onUtteranceEvent(UtteranceEvent event);
}
