package org.babelbridge.server.observe;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.babelbridge.api.LiveCallMedia;
import org.babelbridge.media.conference.LegStats;
import org.babelbridge.media.conference.MediaEngine;

/**
 * Live per-leg RTP counters of a call from the media engine, which names a call's media by the call id and
 * each participant by the user id (as the SIP front's media wiring does). Reads counters only.
 */
@Singleton
final class EngineLiveCallMedia implements LiveCallMedia {

    private final MediaEngine engine;

    EngineLiveCallMedia(MediaEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<LegRtp> legs(long callId) {
        List<LegRtp> legs = new ArrayList<>();
        engine.call(Long.toString(callId)).ifPresent(call -> {
            for (Map.Entry<String, LegStats> e : call.legStatsByParticipant().entrySet()) {
                long userId;
                try {
                    userId = Long.parseLong(e.getKey());
                } catch (NumberFormatException notAUser) {
                    continue;
                }
                LegStats s = e.getValue();
                legs.add(new LegRtp(userId, s.packetsReceived(), s.cumulativeLost(), s.jitterMs(), s.late(),
                        s.concealedFrames(), s.playoutDelayMs(), s.packetsSent(), s.malformed()));
            }
        });
        legs.sort(java.util.Comparator.comparingLong(LegRtp::userId));
        return legs;
    }
}
