package org.babelbridge.media.mix;

import java.util.HashMap;
import java.util.Map;
import org.babelbridge.media.resample.HalfBandResampler;

/**
 * Makes the 8 kHz copies of the dubbed speech queued for one 8 kHz listener, on the thread that queues
 * it (never the media thread), so {@link ListenerMixer#mixNarrowband} can play it with no filter per
 * frame. Each source (speaker or announcement) gets its own streaming {@link HalfBandResampler}, the
 * send path's own 16 to 8 kHz filter, so consecutive chunks join without a seam and the copy is what
 * the 16 kHz mix followed by the send-side filter would give: the same samples at the same time, 19
 * samples (2.4 ms) behind the 16 kHz audio.
 *
 * <p>Sample k of a copy belongs to the k-th even position (counted over the source's whole stream) of
 * its chunk. The filter produces that sample one input later, so when a chunk ends on an even position
 * its last sample would need the next chunk's first one: it is computed as if silence followed (what
 * the 16 kHz path does when nothing follows), and the filter's own output for it, on the next chunk, is
 * skipped. The two differ by the outermost filter tap (about 10⁻⁴) times one sample.
 * Thread-safe.
 */
public final class DubbedDownsampler {
    /** Input samples one output of the filter reads: {@link HalfBandResampler#delayInputSamples()} either side. */
    private static final int WINDOW = 79;

    private final Map<String, Stream> bySource = new HashMap<>();
    /** Computes an output with silence after a chunk; reset before each use. */
    private final HalfBandResampler probe = HalfBandResampler.downsampler();
    private final short[] probeIn = new short[WINDOW + 1];
    private final short[] probeOut = new short[probe.maxOutputSamples(WINDOW + 1)];

    /** One source's audio so far: the streaming filter, its last inputs and how many there were. */
    private static final class Stream {
        final HalfBandResampler filter = HalfBandResampler.downsampler();
        final short[] recent = new short[WINDOW];
        long position;
    }

    /** The 8 kHz copy of {@code pcm16k}, the next chunk from {@code sourceId}. */
    public synchronized short[] toNarrowband(String sourceId, short[] pcm16k) {
        int length = pcm16k.length;
        if (length == 0) {
            return new short[0];
        }
        Stream stream = bySource.computeIfAbsent(sourceId, id -> new Stream());
        long start = stream.position;
        short[] produced = new short[stream.filter.maxOutputSamples(length)];
        int count = stream.filter.process(pcm16k, 0, length, produced, 0);
        remember(stream.recent, pcm16k);
        stream.position += length;
        // Even positions in [start, start + length): the samples this chunk's copy holds.
        int slots = (int) ((start + length + 1) / 2 - (start + 1) / 2);
        int skip = (start & 1) == 1 ? 1 : 0; // produced at the chunk's first sample: the previous chunk's last slot
        short[] copy = new short[slots];
        System.arraycopy(produced, skip, copy, 0, count - skip);
        if (count - skip < slots) {
            copy[slots - 1] = outputWithSilenceAfter(stream.recent);
        }
        return copy;
    }

    /** Forgets {@code sourceId}'s stream (its queued audio was dropped, or it left): the next chunk starts from silence. */
    public synchronized void reset(String sourceId) {
        bySource.remove(sourceId);
    }

    private static void remember(short[] recent, short[] pcm) {
        int length = pcm.length;
        if (length >= WINDOW) {
            System.arraycopy(pcm, length - WINDOW, recent, 0, WINDOW);
        } else {
            System.arraycopy(recent, length, recent, 0, WINDOW - length);
            System.arraycopy(pcm, 0, recent, WINDOW - length, length);
        }
    }

    /**
     * The filter's output for the last input in {@code recent} if a silent sample came next: a fresh
     * filter run over those inputs and a zero produces it last (it produces at odd input positions).
     */
    private short outputWithSilenceAfter(short[] recent) {
        probe.reset();
        System.arraycopy(recent, 0, probeIn, 0, WINDOW);
        probeIn[WINDOW] = 0;
        int count = probe.process(probeIn, 0, WINDOW + 1, probeOut, 0);
        return probeOut[count - 1];
    }
}
