package org.babelbridge.api;

import java.util.List;

/**
 * Live RTP counters of a call's media, provided by the server over the media engine. Empty when the call
 * has no media running here (ended, or placed through another front). Called on blocking request threads.
 */
public interface LiveCallMedia {

    /** One participant's leg: RFC 3550 loss and interarrival jitter, late packets, jitter-buffer depth. */
    record LegRtp(long userId, long packetsReceived, long packetsLost, double jitterMs, long late,
                  long concealedFrames, int playoutDelayMs, long packetsSent, long malformed) {
    }

    List<LegRtp> legs(long callId);
}
