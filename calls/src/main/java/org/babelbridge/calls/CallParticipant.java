package org.babelbridge.calls;

import java.time.Instant;

/**
 * One participant of a call. {@code leftAt == null} means still in the call. {@code dubbingRequired} keeps the
 * seed's meaning (language differs from the call language); actual routing is per pair, see {@link RoutingPlan}.
 * {@code fullName} is null once the account is deleted.
 */
public record CallParticipant(long userId, String fullName, Language language, Instant joinedAt, Instant leftAt,
                              boolean muted, boolean dubbingRequired, boolean useVoiceClone,
                              VoiceCloneQuality voiceCloneQuality) {

    public boolean active() {
        return leftAt == null;
    }
}
