package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code users}: the seed's columns plus role and SIP identity. Times are UTC. */
@MappedEntity("users")
public record UserEntity(
        @Id @GeneratedValue @Nullable Integer id,
        String email,
        @Nullable String phoneNumber,
        String fullName,
        String hashedPassword,
        String primaryLanguage,
        @Nullable Boolean isOnline,
        @Nullable LocalDateTime lastSeen,
        @Nullable Boolean hasVoiceSample,
        @Nullable Boolean voiceModelTrained,
        @Nullable Integer voiceQualityScore,
        @Nullable String avatarUrl,
        @Nullable String bio,
        @Nullable LocalDateTime createdAt,
        @Nullable LocalDateTime updatedAt,
        String role,
        @Nullable String sipUsername,
        @Nullable String sipRealm,
        @Nullable String sipHa1Md5,
        @Nullable String sipHa1Sha256,
        @Nullable LocalDateTime sipSecretIssuedAt) {
}
