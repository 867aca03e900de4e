package org.babelbridge.media.dtmf;

import java.util.Objects;

/**
 * Turns a stream of received RFC 4733 telephone-event packets into key presses, each reported once.
 *
 * <p>All packets of one event share its start RTP timestamp, so a key is reported on the first
 * packet of a new timestamp (or a new event code at the same timestamp); later updates, the end
 * packet and its retransmissions are absorbed. Packets older than the last reported event (reordered
 * stragglers) are ignored; payloads too short to parse are dropped and counted. Call {@link #reset()}
 * when the sender's SSRC changes. Single-threaded; no allocation per packet.
 */
public final class DtmfEventTracker {
    /** Older packets than this (in RTP units, 5 s at 8 kHz) mean the sender restarted its timestamps. */
    private static final int MAX_REORDER_AGE = 40_000;
    private final DtmfListener listener;
    private boolean haveEvent;
    private long currentTimestamp;
    private int currentEvent;
    private boolean currentEnded;
    private long keysReported;
    private long malformedPackets;
    private long nonKeyEvents;

    public DtmfEventTracker(DtmfListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Feeds one telephone-event packet's payload and its RTP timestamp (unsigned 32-bit).
     *
     * @return whether this packet reported a new key
     */
    public boolean onPacket(long rtpTimestamp, byte[] payload, int offset, int length) {
        if (length < TelephoneEvent.PAYLOAD_BYTES || offset < 0 || offset + TelephoneEvent.PAYLOAD_BYTES > payload.length) {
            malformedPackets++;
            return false;
        }
        int event = payload[offset] & 0xFF;
        boolean end = (payload[offset + 1] & 0x80) != 0;
        long timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        if (haveEvent) {
            int age = (int) (timestamp - currentTimestamp);
            if (age < 0 && age > -MAX_REORDER_AGE) {
                return false;
            }
            if (age == 0 && event == currentEvent) {
                currentEnded |= end;
                return false;
            }
        }
        haveEvent = true;
        currentTimestamp = timestamp;
        currentEvent = event;
        currentEnded = end;
        char key = DtmfKeys.keyFor(event);
        if (key == 0) {
            nonKeyEvents++;
            return false;
        }
        keysReported++;
        listener.onKey(key, timestamp);
        return true;
    }

    /** Forgets the current event (the sender's SSRC changed, or the stream restarted). */
    public void reset() {
        haveEvent = false;
        currentEnded = false;
    }

    /** Whether the last event seen has received its end packet. */
    public boolean currentEventEnded() {
        return currentEnded;
    }

    public long keysReported() {
        return keysReported;
    }

    public long malformedPackets() {
        return malformedPackets;
    }

    /** Events that are not DTMF keys (flash, tones): tracked, not reported. */
    public long nonKeyEvents() {
        return nonKeyEvents;
    }
}
