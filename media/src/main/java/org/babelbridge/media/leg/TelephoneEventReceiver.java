package org.babelbridge.media.leg;

/**
 * Turns RFC 4733 telephone-event payloads into digits. An event is reported once, when its first
 * end packet arrives (senders repeat the end packet three times); an event whose end packets were
 * all lost is reported when the next event begins. Events 0-15 map to 0-9, *, #, A-D; others (flash)
 * are ignored. Confined to the leg's media thread; no allocation.
 */
public final class TelephoneEventReceiver {
    private static final char[] DIGITS = "0123456789*#ABCD".toCharArray();

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
        if (length < 4) {
            malformed++;
            return;
        }
        int event = data[offset] & 0xFF;
        boolean end = (data[offset + 1] & 0x80) != 0;
        int duration = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
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
        if (event >= DIGITS.length) {
            return;
        }
        digits++;
        sink.onDigit(DIGITS[event], (int) (duration * 1000L / clockRate));
    }

    public long malformed() {
        return malformed;
    }

    public long digits() {
        return digits;
    }
}
