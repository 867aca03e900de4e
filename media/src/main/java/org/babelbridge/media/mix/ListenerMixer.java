package org.babelbridge.media.mix;

import java.util.ArrayDeque;
import org.babelbridge.media.AudioFormat;

/**
 * Builds what one listener hears every 20 ms. Participants are numbered by slot. For each other
 * speaker: with {@link Route#PASSTHROUGH} the speaker's frame at full level; with {@link Route#DUBBED}
 * the speaker's frame ducked by {@link MixerConfig#duckingDb()} (or nothing when ducking is 0) plus
 * that speaker's dubbed speech queued for this listener, played in order. Audio queued from a source
 * that is not a participant (announcements) goes to an extra slot and is mixed at full level.
 * The listener's own slot is never mixed in. Sums saturate instead of wrapping; clipped samples are
 * counted. Queued dubbed audio is bounded by {@link MixerConfig#dubbedBacklogMaxMs()}: past it, the
 * oldest queued audio is dropped and counted.
 *
 * <p>Queued audio may carry an 8 kHz copy made off the media thread by a {@link DubbedDownsampler}; while
 * every queued chunk has one, {@link #mixNarrowband} plays it, so an 8 kHz listener stays on the 8 kHz path
 * while dubbed speech plays. Positions and the backlog are counted in 16 kHz samples either way, so the two
 * mixes can alternate frame by frame.
 * Confined to the call's media thread; {@link #mix} and {@link #mixNarrowband} allocate nothing.
 */
public final class ListenerMixer {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    /** Samples of a 20 ms frame at 8 kHz: what {@link #mixNarrowband} produces. */
    public static final int NARROWBAND_FRAME = FRAME / 2;

    private final int listenerSlot;
    private final int duckGainQ15;
    private final int backlogMaxSamples;
    private final Route[] routes;
    private final DubbedQueue[] queues;
    private final int[] acc = new int[FRAME];
    private long queueSequence;
    private long droppedSamples;
    private long clippedSamples;

    /** @param slots participant slots; slot {@code slots} is the announcement slot */
    public ListenerMixer(int listenerSlot, int slots, MixerConfig config) {
        if (listenerSlot < 0 || listenerSlot >= slots) {
            throw new IllegalArgumentException("listener slot " + listenerSlot + " outside 0.." + (slots - 1));
        }
        this.listenerSlot = listenerSlot;
        this.duckGainQ15 = config.duckGainQ15();
        this.backlogMaxSamples = AudioFormat.samplesForMillis(config.dubbedBacklogMaxMs());
        this.routes = new Route[slots];
        java.util.Arrays.fill(routes, Route.PASSTHROUGH);
        this.queues = new DubbedQueue[slots + 1];
        for (int i = 0; i <= slots; i++) {
            queues[i] = new DubbedQueue();
        }
    }

    public int listenerSlot() {
        return listenerSlot;
    }

    /** The slot for audio from outside the call (announcements). */
    public int announcementSlot() {
        return routes.length;
    }

    public void setRoute(int speakerSlot, Route route) {
        routes[speakerSlot] = route;
    }

    public Route route(int speakerSlot) {
        return routes[speakerSlot];
    }

    /**
     * Queues dubbed speech from {@code speakerSlot} (or the announcement slot) after what is already
     * queued from it. Audio for the listener's own slot is refused (counted as dropped): no self-echo.
     * The array is owned by the mixer from now on. Without an 8 kHz copy this audio needs {@link #mix}.
     */
    public void queue(int speakerSlot, short[] pcm) {
        queue(speakerSlot, pcm, null);
    }

    /**
     * As {@link #queue(int, short[])}, with {@code pcm8k}, the same audio at 8 kHz as a
     * {@link DubbedDownsampler} made it for this source (null when there is none), which
     * {@link #mixNarrowband} plays. Both arrays are owned by the mixer from now on.
     */
    public void queue(int speakerSlot, short[] pcm, short[] pcm8k) {
        if (speakerSlot == listenerSlot) {
            droppedSamples += pcm.length;
            return;
        }
        if (pcm.length == 0) {
            return;
        }
        queues[speakerSlot].add(pcm, pcm8k, queueSequence++);
        enforceBacklog();
    }

    private void enforceBacklog() {
        int total = queuedSamples();
        while (total > backlogMaxSamples) {
            DubbedQueue oldest = null;
            for (DubbedQueue q : queues) {
                if (q.samples > 0 && (oldest == null || q.headSequence() < oldest.headSequence())) {
                    oldest = q;
                }
            }
            int dropped = oldest.dropFromHead(total - backlogMaxSamples);
            droppedSamples += dropped;
            total -= dropped;
        }
    }

    /** Drops everything queued from {@code speakerSlot} (the speaker was interrupted or left). */
    public void clear(int speakerSlot) {
        queues[speakerSlot].clear();
    }

    /**
     * Mixes one frame into {@code out}. {@code frames[slot]} is that participant's decoded frame for
     * this tick, or null when it contributes nothing (absent, muted, silent leg).
     */
    public void mix(short[][] frames, short[] out) {
        int[] sum = acc;
        java.util.Arrays.fill(sum, 0);
        for (int s = 0; s < routes.length; s++) {
            if (s == listenerSlot) {
                continue;
            }
            short[] frame = s < frames.length ? frames[s] : null;
            if (frame != null) {
                if (routes[s] == Route.PASSTHROUGH) {
                    for (int i = 0; i < FRAME; i++) {
                        sum[i] += frame[i];
                    }
                } else if (duckGainQ15 != 0) {
                    int g = duckGainQ15;
                    for (int i = 0; i < FRAME; i++) {
                        sum[i] += (frame[i] * g) >> 15;
                    }
                }
            }
            queues[s].mixInto(sum);
        }
        queues[routes.length].mixInto(sum);
        int clipped = 0;
        for (int i = 0; i < FRAME; i++) {
            int v = sum[i];
            if (v > Short.MAX_VALUE) {
                v = Short.MAX_VALUE;
                clipped++;
            } else if (v < Short.MIN_VALUE) {
                v = Short.MIN_VALUE;
                clipped++;
            }
            out[i] = (short) v;
        }
        clippedSamples += clipped;
    }

    /**
     * Whether {@link #mixNarrowband} gives what this listener should hear now: every queued chunk has
     * its 8 kHz copy (audio queued without one is wideband and needs {@link #mix} and the send-side
     * low-pass filter).
     */
    public boolean canMixNarrowband() {
        for (DubbedQueue q : queues) {
            if (q.wideOnlyChunks > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Mixes one frame at 8 kHz into {@code out} ({@link #NARROWBAND_FRAME} samples), for a listener whose
     * codec is 8 kHz when every frame in {@code frames} came from an 8 kHz source. Such a frame was
     * upsampled by {@link org.babelbridge.media.resample.HalfBandResampler}, whose even output samples
     * are the 8 kHz input samples themselves, so summing the even samples mixes the original 8 kHz
     * audio with no filtering at all. Same routes, ducking, saturation and counting as {@link #mix};
     * queued audio is played from its 8 kHz copies (check {@link #canMixNarrowband()} first). Those copies
     * lag their 16 kHz originals by the half-band filter's delay, as {@link #mix} followed by the send-side
     * filter does, so a listener hears the same dubbed audio on either path.
     */
    public void mixNarrowband(short[][] frames, short[] out) {
        int[] sum = acc;
        java.util.Arrays.fill(sum, 0, NARROWBAND_FRAME, 0);
        for (int s = 0; s < routes.length; s++) {
            if (s == listenerSlot) {
                continue;
            }
            short[] frame = s < frames.length ? frames[s] : null;
            if (frame != null) {
                if (routes[s] == Route.PASSTHROUGH) {
                    for (int i = 0; i < NARROWBAND_FRAME; i++) {
                        sum[i] += frame[2 * i];
                    }
                } else if (duckGainQ15 != 0) {
                    int g = duckGainQ15;
                    for (int i = 0; i < NARROWBAND_FRAME; i++) {
                        sum[i] += (frame[2 * i] * g) >> 15;
                    }
                }
            }
            queues[s].mixNarrowbandInto(sum);
        }
        queues[routes.length].mixNarrowbandInto(sum);
        int clipped = 0;
        for (int i = 0; i < NARROWBAND_FRAME; i++) {
            int v = sum[i];
            if (v > Short.MAX_VALUE) {
                v = Short.MAX_VALUE;
                clipped++;
            } else if (v < Short.MIN_VALUE) {
                v = Short.MIN_VALUE;
                clipped++;
            }
            out[i] = (short) v;
        }
        clippedSamples += clipped;
    }

    /** Dubbed and announcement audio waiting to be played, all sources. */
    public int queuedSamples() {
        int total = 0;
        for (DubbedQueue q : queues) {
            total += q.samples;
        }
        return total;
    }

    public long droppedSamples() {
        return droppedSamples;
    }

    public long clippedSamples() {
        return clippedSamples;
    }

    /**
     * Queued speech of one source: chunks in order, consumed 20 ms at a time. Each chunk has its 8 kHz
     * copy or {@link #NO_COPY}; the read position is kept in 16 kHz samples of the chunk.
     */
    private static final class DubbedQueue {
        /** Stands in for a missing 8 kHz copy (a deque holds no nulls; compared by identity). */
        private static final short[] NO_COPY = new short[0];

        private final ArrayDeque<short[]> chunks = new ArrayDeque<>();
        private final ArrayDeque<short[]> narrowChunks = new ArrayDeque<>();
        private final ArrayDeque<Long> sequences = new ArrayDeque<>();
        private int headOffset;
        private int samples;
        /** Queued chunks without an 8 kHz copy. */
        private int wideOnlyChunks;

        void add(short[] pcm, short[] pcm8k, long sequence) {
            chunks.addLast(pcm);
            narrowChunks.addLast(pcm8k == null ? NO_COPY : pcm8k);
            if (pcm8k == null) {
                wideOnlyChunks++;
            }
            sequences.addLast(sequence);
            samples += pcm.length;
        }

        long headSequence() {
            Long s = sequences.peekFirst();
            return s == null ? Long.MAX_VALUE : s;
        }

        int dropFromHead(int wanted) {
            short[] head = chunks.peekFirst();
            int available = head.length - headOffset;
            int take = Math.min(available, wanted);
            consume(head, take);
            return take;
        }

        void mixInto(int[] sum) {
            int written = 0;
            while (written < FRAME && samples > 0) {
                short[] head = chunks.peekFirst();
                int take = Math.min(FRAME - written, head.length - headOffset);
                for (int i = 0; i < take; i++) {
                    sum[written + i] += head[headOffset + i];
                }
                written += take;
                consume(head, take);
            }
        }

        /**
         * Adds this frame's share at 8 kHz: output sample i stands at 16 kHz position 2i of the frame,
         * played from the copy's sample at half the chunk position. A chunk that starts playing at a frame
         * position of the other parity than its position in its source's stream (after a gap in that
         * source's audio following an odd-length chunk) is thereby played half an 8 kHz sample off, its
         * last position taking the copy's last sample. Consumes 20 ms of 16 kHz positions, as {@link #mixInto}.
         */
        void mixNarrowbandInto(int[] sum) {
            int written = 0;
            while (written < FRAME && samples > 0) {
                short[] head = chunks.peekFirst();
                short[] narrow = narrowChunks.peekFirst();
                int take = Math.min(FRAME - written, head.length - headOffset);
                int last = narrow.length - 1;
                if (last >= 0) {
                    int end = (written + take + 1) >> 1;
                    int shift = (headOffset - written) >> 1; // output i plays copy sample i + shift
                    int direct = Math.min(end, last - shift + 1);
                    int i = (written + 1) >> 1;
                    for (; i < direct; i++) {
                        sum[i] += narrow[i + shift];
                    }
                    for (; i < end; i++) {
                        sum[i] += narrow[last];
                    }
                }
                written += take;
                consume(head, take);
            }
        }

        private void consume(short[] head, int take) {
            headOffset += take;
            samples -= take;
            if (headOffset == head.length) {
                chunks.pollFirst();
                if (narrowChunks.pollFirst() == NO_COPY) {
                    wideOnlyChunks--;
                }
                sequences.pollFirst();
                headOffset = 0;
            }
        }

        void clear() {
            chunks.clear();
            narrowChunks.clear();
            sequences.clear();
            headOffset = 0;
            samples = 0;
            wideOnlyChunks = 0;
        }
    }
}
