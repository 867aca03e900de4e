package org.babelbridge.media.leg;

import org.babelbridge.media.dtmf.DtmfKeys;
import org.babelbridge.media.dtmf.TelephoneEvent;

/**
 * Turns RFC 4733 telephone-event payloads into digits. An event is reported once, when its first
 * end packet arrives (senders repeat the end packet three times); an event whose end packets were
 * all lost is reported when the next event begins. Events 0-15 map to 0-9, *, #, A-D; others (flash)
 * are ignored. Unlike {@link org.babelbridge.media.dtmf.DtmfEventTracker} (which reports at the key's
 * onset) this reports the key with its duration, as the call's DTMF listener wants it.
 * Confined to the leg's media thread; a small allocation per telephone-event packet (rare).
 */
public final class TelephoneEventReceiver {
    /** Receives decoded digits. */
    @FunctionalInterface
    public interface DigitSink {
        void onDigit(char digit, int durationMs);
    }

    private long currentTimestamp = -1;
    private int currentEvent = -1;
    private int currentDuration;
    private boolean reported;
    private long malformed;
    private long digits;

    /** Handles one telephone-event payload of the packet stamped {@code rtpTimestamp}. */
    public void onPayload(byte[] data, int offset, int length, long rtpTimestamp, int clockRate, DigitSink sink) {
        TelephoneEvent parsed = TelephoneEvent.parse(data, offset, length).orElse(null);
        if (parsed == null) {
            malformed++;
            return;
        }
        int event = parsed.event();
        boolean end = parsed.end();
        int duration = parsed.duration();
        if (rtpTimestamp != currentTimestamp) {
            if (!reported && currentEvent >= 0) {
                report(currentEvent, currentDuration, clockRate, sink);
            }
            currentTimestamp = rtpTimestamp;
            currentEvent = event;
            reported = false;
        }
        currentDuration = Math.max(currentDuration, duration);
        if (end && !reported) {
            reported = true;
            report(event, duration, clockRate, sink);
        }
    }

    private void report(int event, int duration, int clockRate, DigitSink sink) {
        currentDuration = 0;
        char key = DtmfKeys.keyFor(event);
        if (key == 0) {
            return;
        }
        digits++;
        sink.onDigit(key, (int) (duration * 1000L / clockRate));
    }

    public long malformed() {
        return malformed;
    }

    public long digits() {
        return digits;
    }
}
