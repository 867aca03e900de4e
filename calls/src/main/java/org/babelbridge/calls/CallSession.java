package org.babelbridge.calls;

import java.time.Instant;
import java.util.List;

/**
 * A call and its participants (in joining order). {@code callerUserId} is null once the caller's account is
 * deleted; {@code participantCount} is the number of people who took part; {@code durationSeconds} is set when
 * the call ends.
 */
public record CallSession(long id, Long callerUserId, Language callLanguage, CallStatus status, boolean active,
                          Instant startedAt, Instant endedAt, Integer durationSeconds, int participantCount,
                          String notes, List<CallParticipant> participants) {

    /** Users still in the call. */
    public List<Long> activeUserIds() {
        return participants.stream().filter(CallParticipant::active).map(CallParticipant::userId).toList();
    }

    public boolean hasParticipant(long userId) {
        return participants.stream().anyMatch(p -> p.userId() == userId);
    }
}
