package org.babelbridge.media.rtp;

/**
 * Receive-side state of one incoming RTP stream, after RFC 3550 appendix A: extended (wrapping)
 * sequence numbers and timestamps, reordering, cumulative and interval loss (A.3) and interarrival
 * jitter (A.8). A packet from a new SSRC resets everything, as does a large sequence jump that is
 * confirmed by the next packet (a restarted sender). Confined to the leg's media thread; no allocation.
 */
public final class RtpReceiveStats {
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    /** What {@link #onPacket} decided about a packet. */
    public enum Verdict {
        /** Next in order, or ahead of the highest seen (a gap means loss). */
        IN_ORDER,
        /** Older than the highest seen but within the misorder window: usable if still in time. */
        REORDERED,
        /** First packet of a new stream (first ever, new SSRC, or a confirmed restart). */
        NEW_STREAM,
        /** Too far from the expected sequence number: dropped until confirmed. */
        BAD_SEQUENCE
    }

    private final int clockRate;
    private boolean started;
    private long ssrc;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = -1;
    private long received;
    private long reordered;
    private long expectedPrior;
    private long receivedPrior;
    private long ssrcChanges;
    private long restarts;
    private long lastTransit;
    private boolean haveTransit;
    private long jitterQ4;
    private long firstArrivalNs;
    private long lastTimestamp;
    private long timestampCycles;
    private long lastExtendedSequence;
    private long lastExtendedTimestamp;

    /** @param clockRate the RTP clock rate of the stream's payload (for jitter in timestamp units) */
    public RtpReceiveStats(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * Accounts for one valid packet that arrived at {@code arrivalNs} (media clock). After the call,
     * {@link #lastExtendedSequence()} and {@link #lastExtendedTimestamp()} describe this packet.
     */
    public Verdict onPacket(long packetSsrc, int seq, long timestamp, long arrivalNs) {
        if (!started || packetSsrc != ssrc) {
            if (started) {
                ssrcChanges++;
            }
            reset(packetSsrc, seq, timestamp, arrivalNs);
            return Verdict.NEW_STREAM;
        }
        int delta = (seq - maxSeq) & 0xFFFF;
        Verdict verdict;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
            verdict = Verdict.IN_ORDER;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            // A big jump: accept only if the next packet continues from it (RFC 3550 A.1).
            if (seq == badSeq) {
                restarts++;
                reset(packetSsrc, seq, timestamp, arrivalNs);
                return Verdict.NEW_STREAM;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return Verdict.BAD_SEQUENCE;
        } else {
            reordered++;
            verdict = Verdict.REORDERED;
        }
        badSeq = -1;
        received++;
        long extSeq = cycles + seq;
        if (verdict == Verdict.REORDERED) {
            // The reordered packet belongs to the previous cycle when it sits just before a wrap.
            long highest = cycles + maxSeq;
            if (extSeq > highest) {
                extSeq -= SEQ_MOD;
            }
        }
        lastExtendedSequence = extSeq;
        lastExtendedTimestamp = extendTimestamp(timestamp);
        updateJitter(timestamp, arrivalNs);
        return verdict;
    }

    private void reset(long newSsrc, int seq, long timestamp, long arrivalNs) {
        started = true;
        ssrc = newSsrc;
        maxSeq = seq;
        cycles = 0;
        baseSeq = seq;
        badSeq = -1;
        received = 1;
        expectedPrior = 0;
        receivedPrior = 0;
        haveTransit = false;
        jitterQ4 = 0;
        firstArrivalNs = arrivalNs;
        lastTimestamp = timestamp;
        timestampCycles = 0;
        lastExtendedSequence = seq;
        lastExtendedTimestamp = timestamp;
        updateJitter(timestamp, arrivalNs);
    }

    private long extendTimestamp(long ts) {
        long diff = (ts - lastTimestamp) & 0xFFFF_FFFFL;
        if (diff < 0x8000_0000L) {
            if (ts < lastTimestamp) {
                timestampCycles += 1L << 32;
            }
            lastTimestamp = ts;
            return timestampCycles + ts;
        }
        // An older timestamp (reordered): it may belong to the cycle before the current one.
        long ext = timestampCycles + ts;
        return ts > lastTimestamp ? ext - (1L << 32) : ext;
    }

    private void updateJitter(long timestamp, long arrivalNs) {
        long arrival = (arrivalNs - firstArrivalNs) / 1000 * clockRate / 1_000_000;
        long transit = arrival - lastExtendedTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            // J += (|D| - J) / 16, kept scaled by 16 as in RFC 3550 A.8.
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    public boolean started() {
        return started;
    }

    public long ssrc() {
        return ssrc;
    }

    public long lastExtendedSequence() {
        return lastExtendedSequence;
    }

    public long lastExtendedTimestamp() {
        return lastExtendedTimestamp;
    }

    /** Highest extended sequence number received (RFC 3550 A.3). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    public long received() {
        return received;
    }

    /** Cumulative number of packets lost; negative when duplicates outnumber losses (RFC 3550). */
    public long cumulativeLost() {
        return expected() - received;
    }

    public long reordered() {
        return reordered;
    }

    public long ssrcChanges() {
        return ssrcChanges;
    }

    public long restarts() {
        return restarts;
    }

    /** Interarrival jitter in timestamp units (RFC 3550 A.8). */
    public long jitterTimestampUnits() {
        return jitterQ4 >> 4;
    }

    public double jitterMs() {
        return (jitterQ4 / 16.0) * 1000.0 / clockRate;
    }

    /**
     * The loss fraction since the previous call, as the 8-bit fixed-point value of an RTCP report
     * block (RFC 3550 A.3); starts a new interval.
     */
    public int takeFractionLost() {
        long expectedNow = expected();
        long expectedInterval = expectedNow - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expectedNow;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** A report block for this stream, starting a new loss interval. */
    public RtcpReportBlock takeReportBlock(long lastSrMiddle32, long delaySinceLastSr65536) {
        return new RtcpReportBlock(ssrc, takeFractionLost(), cumulativeLost(), extendedHighestSequence(),
                jitterTimestampUnits(), lastSrMiddle32, delaySinceLastSr65536);
    }
}
