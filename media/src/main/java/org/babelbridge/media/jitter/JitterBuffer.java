package org.babelbridge.media.jitter;

import java.util.Arrays;
import org.babelbridge.media.AudioFormat;

/**
 * Adaptive playout buffer for one incoming stream of decoded 16 kHz audio. Packets are put at their
 * position on the stream's timeline (the extended RTP timestamp in 16 kHz samples); every 20 ms tick
 * takes one frame. The playout delay starts at the configured minimum (20 ms: a packet is played at
 * the first tick after it arrives) and grows a frame at a time when packets arrive after their turn
 * or measured jitter needs more; it shrinks when every packet of the recent window had at least a
 * frame to spare and the measured jitter does not need the delay: in a pause if one comes, otherwise
 * (continuous speech) by dropping a speech frame with a short crossfade. Holes are filled by {@link PacketLossConcealer}.
 * Confined to one media thread; copies audio in, allocates nothing after construction.
 */
public final class JitterBuffer {
    /** What {@link #pull} produced. */
    public enum Frame {
        /** Received audio. */
        AUDIO,
        /** A lost frame filled by concealment while the stream is live. */
        CONCEALED,
        /** Nothing received (stream not started, paused or ended): silence. */
        SILENCE
    }

    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final int BLOCK = FRAME / 2;
    private static final int RING_BLOCKS = 128;
    private static final int RING_SAMPLES = RING_BLOCKS * BLOCK;
    private static final int IDLE_FRAMES_BEFORE_SILENCE = 3;
    /** Frames to wait for a pause before shrinking the delay in the middle of speech. */
    private static final int SPEECH_SHRINK_PATIENCE_FRAMES = 10;
    /** Packets between consecutive shrinks once a window has shown the delay is too large. */
    private static final int SHRINK_SPACING_PACKETS = 10;
    /** 5 ms blend when a speech frame is dropped. */
    private static final int CROSSFADE_SAMPLES = 80;

    private final JitterBufferConfig config;
    private final int minFrames;
    private final int maxFrames;
    private final short[] ring = new short[RING_SAMPLES];
    private final long[] blockStamp = new long[RING_BLOCKS];
    private final long[] blockArrivalNs = new long[RING_BLOCKS];
    private long lastPulledArrivalNs;
    private final PacketLossConcealer concealer = new PacketLossConcealer();

    private boolean started;
    private long base;
    private long playBlock;
    private long highestBlock;
    private int lastSlackBlocks;
    private int growPending;
    private int jitterGrowPending;
    private boolean lastFrameSilent = true;
    private int windowMinSlack;
    private int windowPackets;
    private int idleFrames;
    private int speechShrinkWaitFrames;
    private long lastArrivalNs;
    private long lastPosition;
    private boolean haveTransit;
    private long jitterQ4Samples;

    private long packets;
    private long late;
    private long lost;
    private long reordered;
    private long concealed;
    private long silent;
    private long grows;
    private long shrinks;
    private long resyncs;
    private long overflowDrops;

    public JitterBuffer(JitterBufferConfig config) {
        this.config = config;
        this.minFrames = config.minDelayMs() / AudioFormat.FRAME_MS;
        this.maxFrames = config.maxDelayMs() / AudioFormat.FRAME_MS;
        Arrays.fill(blockStamp, Long.MIN_VALUE);
    }

    /**
     * Puts {@code samples} samples of decoded audio that start at {@code position} on the stream's
     * 16 kHz timeline and arrived at {@code arrivalNs}. A packet whose frame has already been played is
     * counted late and dropped (and the delay grows), unless it starts a talkspurt ({@code marker}, RTP's
     * marker bit): then the timeline restarts from it, as senders need not advance time over silence.
     */
    public void put(long position, short[] pcm, int offset, int samples, long arrivalNs, boolean marker) {
        if (samples <= 0 || samples > RING_SAMPLES / 2) {
            return;
        }
        packets++;
        if (!started) {
            restart(position);
        }
        long rel = position - base;
        long firstBlock = Math.floorDiv(rel, BLOCK);
        long lastBlock = Math.floorDiv(rel + samples - 1, BLOCK);
        long maxAhead = RING_BLOCKS - 4;
        boolean lateTalkspurt = marker && firstBlock < playBlock;
        if (lateTalkspurt || firstBlock < playBlock - 2L * maxFrames || lastBlock - playBlock >= maxAhead) {
            // Far outside the window: the sender jumped its timeline (restart, hold, new talkspurt).
            resyncs++;
            restart(position);
            rel = 0;
            firstBlock = 0;
            lastBlock = Math.floorDiv(samples - 1, BLOCK);
        }
        updateJitter(position, arrivalNs);
        if (firstBlock < playBlock) {
            late++;
            int framesLate = (int) ((playBlock - firstBlock + 1) / 2);
            growPending = Math.max(growPending, framesLate);
            windowMinSlack = -1;
            return;
        }
        if (firstBlock < highestBlock) {
            reordered++;
        }
        highestBlock = Math.max(highestBlock, lastBlock);
        // Copy block by block: each block's slice is contiguous in the ring.
        int done = 0;
        while (done < samples) {
            long p = rel + done;
            long block = Math.floorDiv(p, BLOCK);
            int within = (int) (p - block * BLOCK);
            int count = Math.min(BLOCK - within, samples - done);
            int ringBlock = (int) (block & (RING_BLOCKS - 1));
            System.arraycopy(pcm, offset + done, ring, ringBlock * BLOCK + within, count);
            blockStamp[ringBlock] = block;
            blockArrivalNs[ringBlock] = arrivalNs;
            done += count;
        }
        int slack = (int) Math.min(Integer.MAX_VALUE, firstBlock - playBlock);
        lastSlackBlocks = slack;
        windowMinSlack = windowPackets == 0 ? slack : Math.min(windowMinSlack, slack);
        windowPackets++;
        int shortBy = jitterTargetFrames() - (1 + slack / 2);
        if (shortBy > jitterGrowPending) {
            jitterGrowPending = shortBy; // applied in the next silence, so speech is not stretched
        }
    }

    private void restart(long position) {
        started = true;
        base = position;
        playBlock = -2L * (minFrames - 1);
        highestBlock = Long.MIN_VALUE;
        lastSlackBlocks = 2 * (minFrames - 1);
        growPending = 0;
        jitterGrowPending = 0;
        windowPackets = 0;
        speechShrinkWaitFrames = 0;
        idleFrames = 0;
        haveTransit = false;
        jitterQ4Samples = 0;
        Arrays.fill(blockStamp, Long.MIN_VALUE);
    }

    /** RFC 3550 A.8 style estimate on the 16 kHz timeline, used to size the delay. */
    private void updateJitter(long position, long arrivalNs) {
        if (haveTransit) {
            long arrivalDelta = (arrivalNs - lastArrivalNs) / 62_500; // in 16 kHz samples
            long d = Math.abs(arrivalDelta - (position - lastPosition));
            jitterQ4Samples += Math.min(d, 16_000) - ((jitterQ4Samples + 8) >> 4);
        }
        haveTransit = true;
        lastArrivalNs = arrivalNs;
        lastPosition = position;
    }

    /** Frames of delay the measured jitter asks for: the minimum plus three times the jitter. */
    private int jitterTargetFrames() {
        long jitterSamples = jitterQ4Samples >> 4;
        int extra = (int) (3 * jitterSamples / FRAME);
        return Math.min(maxFrames, minFrames + extra);
    }

    /**
     * Takes the next 20 ms frame ({@link AudioFormat#FRAME_SAMPLES} samples) into {@code out}.
     * Called once per tick.
     */
    public Frame pull(short[] out, int offset) {
        if (!started || (playBlock < 0 && !present(playBlock))) {
            if (started) {
                playBlock += 2;
            }
            Arrays.fill(out, offset, offset + FRAME, (short) 0);
            silent++;
            return Frame.SILENCE;
        }
        boolean grow = growPending > 0 || (jitterGrowPending > 0 && lastFrameSilent);
        if (grow && bufferedFrames() < maxFrames) {
            // Hold the playout point for one tick: the delay grows by a frame. Late packets force it at
            // once; a rise in measured jitter waits for silence.
            if (growPending > 0) {
                growPending--;
            } else {
                jitterGrowPending--;
            }
            lastSlackBlocks += 2;
            grows++;
            windowPackets = 0;
            return concealOrSilence(out, offset, false);
        }
        growPending = 0;
        if (bufferedFrames() >= maxFrames) {
            jitterGrowPending = 0;
        }
        if (bufferedFrames() > maxFrames) {
            // More buffered than the maximum delay allows (a burst, or a sender running fast): drop the
            // oldest frame rather than let latency grow.
            playBlock += 2;
            overflowDrops++;
        }
        Frame result;
        if (present(playBlock) && present(playBlock + 1)) {
            copyOut(playBlock, out, offset);
            lastPulledArrivalNs = blockArrivalNs[(int) (playBlock & (RING_BLOCKS - 1))];
            concealer.onGoodFrame(out, offset);
            idleFrames = 0;
            result = Frame.AUDIO;
        } else {
            // Before the first packet's position nothing was ever expected: that is not loss.
            boolean streamLive = playBlock >= 0 && highestBlock > playBlock + 1;
            result = concealOrSilence(out, offset, streamLive);
            if (streamLive) {
                lost++;
            }
        }
        playBlock += 2;
        lastFrameSilent = result != Frame.AUDIO || meanAbs(out, offset) <= config.silenceLevel();
        maybeShrink(out, offset, result);
        return result;
    }

    private Frame concealOrSilence(short[] out, int offset, boolean streamLive) {
        if (streamLive || idleFrames < IDLE_FRAMES_BEFORE_SILENCE) {
            idleFrames = streamLive ? 0 : idleFrames + 1;
            concealer.conceal(out, offset);
            concealed++;
            return Frame.CONCEALED;
        }
        Arrays.fill(out, offset, offset + FRAME, (short) 0);
        silent++;
        return Frame.SILENCE;
    }

    private void maybeShrink(short[] out, int offset, Frame result) {
        if (windowPackets < config.shrinkWindowPackets()) {
            return;
        }
        if (windowMinSlack < 2) {
            windowPackets = 0; // a packet in this window had no frame to spare: start a new window
            speechShrinkWaitFrames = 0;
            return;
        }
        // Every packet of the window had windowMinSlack/2 frames to spare beyond playing at once.
        if (1 + windowMinSlack / 2 <= Math.max(minFrames, jitterTargetFrames())) {
            speechShrinkWaitFrames = 0;
            return;
        }
        boolean silentNow = result != Frame.AUDIO || meanAbs(out, offset) <= config.silenceLevel();
        boolean nextPresent = present(playBlock) && present(playBlock + 1);
        if (silentNow && (!nextPresent || blockMeanAbs(playBlock) <= config.silenceLevel())) {
            // Drop the next frame, silence too (or missing): the delay shrinks by a frame unheard.
        } else if (++speechShrinkWaitFrames >= SPEECH_SHRINK_PATIENCE_FRAMES && nextPresent) {
            // No pause came (continuous speech, a looping prompt): a delay grown by a past stall must
            // not stay for the rest of the call, so drop a speech frame, blending this frame's end into
            // the dropped one's end so the following frame carries on without a click.
            crossfadeIntoDropped(out, offset);
        } else {
            return;
        }
        playBlock += 2;
        lastSlackBlocks = Math.max(0, lastSlackBlocks - 2);
        shrinks++;
        speechShrinkWaitFrames = 0;
        // The window's packets would all have had a frame less to spare: keep them and look again
        // after a few more packets rather than a whole new window, so recovery takes seconds.
        windowMinSlack -= 2;
        windowPackets = Math.max(0, config.shrinkWindowPackets() - SHRINK_SPACING_PACKETS);
    }

    private void crossfadeIntoDropped(short[] out, int offset) {
        int droppedTail = (int) ((playBlock + 1) & (RING_BLOCKS - 1)) * BLOCK + BLOCK - CROSSFADE_SAMPLES;
        int outTail = offset + FRAME - CROSSFADE_SAMPLES;
        for (int i = 0; i < CROSSFADE_SAMPLES; i++) {
            int w = i + 1;
            int mixed = (out[outTail + i] * (CROSSFADE_SAMPLES + 1 - w) + ring[droppedTail + i] * w)
                    / (CROSSFADE_SAMPLES + 1);
            out[outTail + i] = (short) mixed;
        }
    }

    private boolean present(long block) {
        return blockStamp[(int) (block & (RING_BLOCKS - 1))] == block;
    }

    private void copyOut(long block, short[] out, int offset) {
        int ringBlock = (int) (block & (RING_BLOCKS - 1));
        // A frame is two consecutive blocks; they are contiguous in the ring unless the ring wraps.
        System.arraycopy(ring, ringBlock * BLOCK, out, offset, BLOCK);
        int next = (ringBlock + 1) & (RING_BLOCKS - 1);
        System.arraycopy(ring, next * BLOCK, out, offset + BLOCK, BLOCK);
    }

    private int blockMeanAbs(long block) {
        int start = (int) (block & (RING_BLOCKS - 1)) * BLOCK;
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += Math.abs(ring[start + i]);
        }
        return (int) (sum / BLOCK);
    }

    private static int meanAbs(short[] out, int offset) {
        long sum = 0;
        for (int i = 0; i < FRAME; i++) {
            sum += Math.abs(out[offset + i]);
        }
        return (int) (sum / FRAME);
    }

    /**
     * Current playout delay in milliseconds, as measured on the latest packet: 20 ms (played at the
     * next tick) plus the frames queued ahead of it when it arrived.
     */
    public int delayMs() {
        return (1 + Math.max(0, lastSlackBlocks) / 2) * AudioFormat.FRAME_MS;
    }

    private long bufferedFrames() {
        return highestBlock < playBlock ? 0 : (highestBlock - playBlock + 2) / 2;
    }

    /** Audio buffered ahead of the playout point, in milliseconds. */
    public int bufferedMs() {
        if (!started || highestBlock < playBlock) {
            return 0;
        }
        return (int) ((highestBlock - playBlock + 1) * BLOCK * 1000 / AudioFormat.SAMPLE_RATE_HZ);
    }

    /** Interarrival jitter measured by the buffer, in milliseconds. */
    public double jitterMs() {
        return (jitterQ4Samples / 16.0) * 1000.0 / AudioFormat.SAMPLE_RATE_HZ;
    }

    public long packets() {
        return packets;
    }

    /** Packets that arrived after their frame was played. */
    public long late() {
        return late;
    }

    /** Frames missing at playout while later audio had already arrived. */
    public long lost() {
        return lost;
    }

    public long reordered() {
        return reordered;
    }

    public long concealed() {
        return concealed;
    }

    public long silentFrames() {
        return silent;
    }

    public long grows() {
        return grows;
    }

    public long shrinks() {
        return shrinks;
    }

    /** Times the buffer restarted on a far timeline jump. */
    public long resyncs() {
        return resyncs;
    }

    /** When the audio of the latest {@link Frame#AUDIO} frame pulled arrived (media clock). */
    public long lastPulledArrivalNs() {
        return lastPulledArrivalNs;
    }

    /** Frames dropped because more than the maximum delay was buffered. */
    public long overflowDrops() {
        return overflowDrops;
    }

    /** Forgets the stream (a new SSRC): the next packet starts afresh at the minimum delay. */
    public void reset() {
        started = false;
        concealer.reset();
    }
}
