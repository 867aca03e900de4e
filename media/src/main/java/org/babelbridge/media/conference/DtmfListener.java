package org.babelbridge.media.conference;

/**
 * Receives DTMF digits (RFC 4733 telephone-events) pressed by a participant. Called on a media
 * thread: hand the digit off and return at once.
 */
@FunctionalInterface
public interface DtmfListener {
    void onDtmf(String participantId, char digit, int durationMs);
}
