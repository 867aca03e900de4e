package org.babelbridge.media.dtmf;

/** Receives each DTMF key press once, on the media thread that fed the tracker; must not block. */
@FunctionalInterface
public interface DtmfListener {
    /**
     * @param key          {@code 0-9 * # A-D}
     * @param durationMs   how long the key was held, as the sender reported it
     * @param rtpTimestamp RTP timestamp at which the key press began
     */
    void onKey(char key, int durationMs, long rtpTimestamp);
}
