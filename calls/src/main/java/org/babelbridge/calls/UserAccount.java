package org.babelbridge.calls;

import java.time.Instant;

/** A user as the rules see it (never the password hash nor the SIP digests). Times are instants. */
public record UserAccount(
        long id,
        String email,
        String phoneNumber,
        String fullName,
        Language primaryLanguage,
        Role role,
        boolean online,
        Instant lastSeen,
        boolean hasVoiceSample,
        boolean voiceModelTrained,
        Integer voiceQualityScore,
        String avatarUrl,
        String bio,
        String sipUsername,
        Instant createdAt,
        Instant updatedAt) {
}
