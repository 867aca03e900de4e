package org.babelbridge.ari.client;

/**
 * Receives ARI events and connection changes. All callbacks of one {@link AriEventStream} run on
 * its single event thread, in order, so implementations need no locking among themselves.
 */
public interface AriEventListener {

    /** The WebSocket is open; {@code reconnected} is true after a drop (time to reconcile state). */
    void onConnected(boolean reconnected);

    void onEvent(AriEvent event);

    /** The open WebSocket closed or failed; a reconnect is scheduled. Failed connects are not reported. */
    default void onDisconnected(String reason) {
    }
}
