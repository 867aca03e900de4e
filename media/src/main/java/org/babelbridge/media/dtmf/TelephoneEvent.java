package org.babelbridge.media.dtmf;

import java.util.Optional;

/**
 * One RFC 4733 telephone-event payload block: event code, end bit, volume and duration.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * @param event event code, 0-255 (0-15 are the DTMF keys, see {@link DtmfKeys})
 * @param end whether this block ends the event
 * @param volume power level in -dBm0, 0-63
 * @param duration duration so far in RTP timestamp units, 0-65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    /** Bytes of one payload block. */
    public static final int PAYLOAD_BYTES = 4;

    public TelephoneEvent {
        if (event < 0 || event > 255) {
            throw new IllegalArgumentException("event must be 0-255, was " + event);
        }
        if (volume < 0 || volume > 63) {
            throw new IllegalArgumentException("volume must be 0-63, was " + volume);
        }
        if (duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("duration must be 0-65535, was " + duration);
        }
    }

    /**
     * Parses the first block of a telephone-event payload; empty when the payload is shorter than
     * one block (the caller drops and counts it). The reserved bit is ignored, as RFC 4733 requires.
     */
    public static Optional<TelephoneEvent> parse(byte[] payload, int offset, int length) {
        if (length < PAYLOAD_BYTES || offset < 0 || offset + PAYLOAD_BYTES > payload.length) {
            return Optional.empty();
        }
        int event = payload[offset] & 0xFF;
        int flags = payload[offset + 1] & 0xFF;
        int duration = ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
        return Optional.of(new TelephoneEvent(event, (flags & 0x80) != 0, flags & 0x3F, duration));
    }

    /** Writes this block into {@code out} at {@code offset}; returns {@link #PAYLOAD_BYTES}. */
    public int writeTo(byte[] out, int offset) {
        return write(event, end, volume, duration, out, offset);
    }

    /** Writes one block without creating a record (for the send path); returns {@link #PAYLOAD_BYTES}. */
    public static int write(int event, boolean end, int volume, int duration, byte[] out, int offset) {
        out[offset] = (byte) event;
        out[offset + 1] = (byte) ((end ? 0x80 : 0) | (volume & 0x3F));
        out[offset + 2] = (byte) (duration >> 8);
        out[offset + 3] = (byte) duration;
        return PAYLOAD_BYTES;
    }
}
