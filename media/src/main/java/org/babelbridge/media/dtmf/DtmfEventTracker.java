package org.babelbridge.media.dtmf;

/**
 * Turns a stream of received RFC 4733 telephone-event packets into key presses, each reported once
 * with its duration.
 *
 * <p>All packets of one event share its start RTP timestamp. A key is reported when the first end
 * packet of its event arrives (senders repeat the end packet three times; the repeats are absorbed),
 * or, when every end packet was lost, as soon as the next event begins, with the longest duration seen.
 * Packets older than the current event (reordered stragglers) are ignored; payloads too short to
 * parse are dropped and counted; events that are not keys (flash) are counted, not reported. Call
 * {@link #reset()} when the sender's SSRC changes. Single-threaded; no allocation per packet.
 */
public final class DtmfEventTracker {
    /** Older packets than this (in RTP units, 5 s at 8 kHz) mean the sender restarted its timestamps. */
    private static final int MAX_REORDER_AGE = 40_000;
    private int clockRateHz = 8000;
    private boolean haveEvent;
    private long currentTimestamp;
    private int currentEvent;
    private int currentDuration;
    private boolean currentReported;
    private long keysReported;
    private long malformedPackets;
    private long nonKeyEvents;

    /** The RTP clock rate of the telephone-event stream (that of the audio codec it goes with). */
    public void setClockRate(int clockRateHz) {
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRateHz);
        }
        this.clockRateHz = clockRateHz;
    }

    /**
     * Feeds one telephone-event packet's payload and its RTP timestamp (unsigned 32-bit); a key that
     * this packet completes goes to {@code listener}.
     *
     * @return whether a key was reported
     */
    public boolean onPacket(long rtpTimestamp, byte[] payload, int offset, int length, DtmfListener listener) {
        if (length < TelephoneEvent.PAYLOAD_BYTES || offset < 0 || offset + TelephoneEvent.PAYLOAD_BYTES > payload.length) {
            malformedPackets++;
            return false;
        }
        int event = payload[offset] & 0xFF;
        boolean end = (payload[offset + 1] & 0x80) != 0;
        int duration = ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
        long timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        boolean reported = false;
        if (haveEvent) {
            int age = (int) (timestamp - currentTimestamp);
            if (age < 0 && age > -MAX_REORDER_AGE) {
                return false;
            }
            if (age != 0 || event != currentEvent) {
                // A new event: the previous one ended without any of its end packets arriving.
                reported = reportCurrent(listener);
                startEvent(timestamp, event);
            }
        } else {
            startEvent(timestamp, event);
        }
        currentDuration = Math.max(currentDuration, duration);
        if (end) {
            reported |= reportCurrent(listener);
        }
        return reported;
    }

    private void startEvent(long timestamp, int event) {
        haveEvent = true;
        currentTimestamp = timestamp;
        currentEvent = event;
        currentDuration = 0;
        currentReported = false;
        if (DtmfKeys.keyFor(event) == 0) {
            nonKeyEvents++;
        }
    }

    private boolean reportCurrent(DtmfListener listener) {
        if (currentReported) {
            return false;
        }
        currentReported = true;
        char key = DtmfKeys.keyFor(currentEvent);
        if (key == 0) {
            return false;
        }
        keysReported++;
        listener.onKey(key, (int) (currentDuration * 1000L / clockRateHz), currentTimestamp);
        return true;
    }

    /** Forgets the current event (the sender's SSRC changed, or the stream restarted). */
    public void reset() {
        haveEvent = false;
        currentReported = false;
    }

    /** Whether the last event seen has received its end packet (or was reported when the next began). */
    public boolean currentEventEnded() {
        return haveEvent && currentReported;
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
