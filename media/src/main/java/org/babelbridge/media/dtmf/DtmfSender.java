package org.babelbridge.media.dtmf;

/**
 * Produces the RFC 4733 telephone-event packets for queued DTMF keys, one packet per media tick.
 *
 * <p>Each key becomes: a first packet with the RTP marker bit, updates every tick with the growing
 * duration, and the end packet sent three times (RFC 4733 section 2.5.1.4), all carrying the RTP
 * timestamp of the key's first tick; then {@code gapMs} of pause before the next key. While
 * {@link #tick} returns 0 the leg sends audio as usual. Single-threaded (the leg's media thread);
 * no allocation per tick.
 */
public final class DtmfSender {
    private static final int END_REPEATS = 3;
    private static final int QUEUE_CAPACITY = 64;
    private static final int MAX_DURATION_UNITS = 0xFFFF;

    private final int clockRateHz;
    private final int tickMs;
    private final int volume;
    private final char[] queue = new char[QUEUE_CAPACITY];
    private final int[] queueDurationMs = new int[QUEUE_CAPACITY];
    private int queueHead;
    private int queueSize;

    private boolean sending;
    private int event;
    private long eventTimestamp;
    private int ticksSent;
    private int durationUnits;
    private int targetUnits;
    private int endsSent;
    private int gapTicksLeft;
    private final int gapTicks;
    private boolean lastMarker;
    private long lastTimestamp;

    /**
     * @param clockRateHz RTP clock of the telephone-event payload type (8000 in nearly every SDP)
     * @param tickMs packet interval, normally 20
     * @param volume power level in -dBm0 written into every packet (10 is customary)
     * @param gapMs pause between consecutive keys
     */
    public DtmfSender(int clockRateHz, int tickMs, int volume, int gapMs) {
        if (clockRateHz <= 0 || tickMs <= 0 || volume < 0 || volume > 63 || gapMs < 0) {
            throw new IllegalArgumentException("invalid DTMF sender settings: clock " + clockRateHz + " Hz, tick "
                    + tickMs + " ms, volume " + volume + ", gap " + gapMs + " ms");
        }
        this.clockRateHz = clockRateHz;
        this.tickMs = tickMs;
        this.volume = volume;
        this.gapTicks = (gapMs + tickMs - 1) / tickMs;
    }

    /** 8 kHz clock, 20 ms packets, volume 10, 60 ms between keys. */
    public static DtmfSender standard() {
        return new DtmfSender(8000, 20, 10, 60);
    }

    /**
     * Queues keys to send, each lasting {@code durationMs} (at least one tick, at most what the
     * 16-bit duration field holds).
     *
     * @throws IllegalArgumentException for a character that is not a DTMF key
     * @throws IllegalStateException if more than 64 keys would be waiting
     */
    public void send(CharSequence keys, int durationMs) {
        for (int i = 0; i < keys.length(); i++) {
            DtmfKeys.eventFor(keys.charAt(i));
        }
        if (queueSize + keys.length() > QUEUE_CAPACITY) {
            throw new IllegalStateException("DTMF queue full: " + queueSize + " keys waiting");
        }
        for (int i = 0; i < keys.length(); i++) {
            int slot = (queueHead + queueSize) % QUEUE_CAPACITY;
            queue[slot] = keys.charAt(i);
            queueDurationMs[slot] = durationMs;
            queueSize++;
        }
    }

    /** Whether a key is being sent or waiting. */
    public boolean busy() {
        return sending || queueSize > 0 || gapTicksLeft > 0;
    }

    /**
     * Called once per media tick with the RTP timestamp this tick's packet would carry.
     *
     * @return the payload length written to {@code out} (4), or 0 when no DTMF packet is due
     */
    public int tick(long rtpTimestamp, byte[] out, int offset) {
        if (!sending) {
            if (gapTicksLeft > 0) {
                gapTicksLeft--;
                return 0;
            }
            if (queueSize == 0) {
                return 0;
            }
            startNext(rtpTimestamp);
        }
        lastTimestamp = eventTimestamp;
        lastMarker = ticksSent == 0;
        if (durationUnits < targetUnits) {
            ticksSent++;
            durationUnits = Math.min(targetUnits, ticksSent * unitsPerTick());
            if (durationUnits < targetUnits) {
                return TelephoneEvent.write(event, false, volume, durationUnits, out, offset);
            }
        }
        endsSent++;
        if (endsSent == END_REPEATS) {
            sending = false;
            gapTicksLeft = gapTicks;
        }
        return TelephoneEvent.write(event, true, volume, durationUnits, out, offset);
    }

    /** Whether the packet from the last {@link #tick} must carry the RTP marker bit (first of an event). */
    public boolean lastPacketMarker() {
        return lastMarker;
    }

    /** RTP timestamp the packet from the last {@link #tick} must carry: its event's start. */
    public long lastPacketTimestamp() {
        return lastTimestamp;
    }

    private void startNext(long rtpTimestamp) {
        char key = queue[queueHead];
        int durationMs = queueDurationMs[queueHead];
        queueHead = (queueHead + 1) % QUEUE_CAPACITY;
        queueSize--;
        sending = true;
        event = DtmfKeys.eventFor(key);
        eventTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        ticksSent = 0;
        durationUnits = 0;
        endsSent = 0;
        long units = (long) Math.max(durationMs, tickMs) * clockRateHz / 1000;
        targetUnits = (int) Math.min(units, MAX_DURATION_UNITS);
    }

    private int unitsPerTick() {
        return tickMs * clockRateHz / 1000;
    }
}
