package org.babelbridge.calls;

import org.babelbridge.db.UserEntity;

/** Maps user rows to {@link UserAccount}. */
final class Accounts {

    private Accounts() {
    }

    static UserAccount of(UserEntity u) {
        return new UserAccount(u.id(), u.email(), u.phoneNumber(), u.fullName(),
                Language.fromCode(u.primaryLanguage()), Role.fromCode(u.role()), Boolean.TRUE.equals(u.isOnline()),
                Times.instant(u.lastSeen()), Boolean.TRUE.equals(u.hasVoiceSample()),
                Boolean.TRUE.equals(u.voiceModelTrained()), u.voiceQualityScore(), u.avatarUrl(), u.bio(),
                u.sipUsername(), Times.instant(u.createdAt()), Times.instant(u.updatedAt()));
    }
}
