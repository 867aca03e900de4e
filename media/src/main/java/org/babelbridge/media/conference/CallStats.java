package org.babelbridge.media.conference;

import java.util.List;

/**
 * A snapshot of one call's media: its participants' legs, ticks run, dubbed audio dropped because a
 * listener's backlog was full, clipped samples, and utterances emitted by the endpointers.
 */
public record CallStats(String callId, List<LegStats> legs, long ticks, long dubbedDroppedMs,
                        long clippedSamples, long utterances) {
}
