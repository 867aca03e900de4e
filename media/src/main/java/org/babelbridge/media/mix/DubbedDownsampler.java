package org.babelbridge.media.mix;

import java.util.HashMap;
import java.util.Map;
import org.babelbridge.media.resample.HalfBandResampler;

/**
 * Makes the 8 kHz copies of the dubbed speech queued for one 8 kHz listener, on the thread that queues
 * it (never the media thread), so {@link ListenerMixer#mixNarrowband} can play it with no filter per
 * frame. Each source (speaker or announcement) gets its own streaming {@link HalfBandResampler}, the
 * send path's own 16 to 8 kHz filter, so consecutive chunks join without a seam and the copy is what
 * the 16 kHz mix followed by the send-side filter would give: the same samples, 19 samples (2.4 ms)
 * later than the 16 kHz audio. The filter holds back that much of each source's audio until its next
 * chunk arrives; speech synthesis ends its output in silence, so nothing audible waits there.
 * Thread-safe.
 */
public final class DubbedDownsampler {
    private final Map<String, HalfBandResampler> bySource = new HashMap<>();

    /** The 8 kHz copy of {@code pcm16k}, the next chunk from {@code sourceId}. */
    public synchronized short[] toNarrowband(String sourceId, short[] pcm16k) {
        HalfBandResampler filter = bySource.computeIfAbsent(sourceId, id -> HalfBandResampler.downsampler());
        short[] out = new short[filter.maxOutputSamples(pcm16k.length)];
        int written = filter.process(pcm16k, 0, pcm16k.length, out, 0);
        return written == out.length ? out : java.util.Arrays.copyOf(out, written);
    }

    /** Forgets {@code sourceId}'s stream (its queued audio was dropped, or it left): the next chunk starts from silence. */
    public synchronized void reset(String sourceId) {
        bySource.remove(sourceId);
    }
}
