package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code contacts}: {@code userId} may call {@code contactUserId}. Times are UTC. */
@MappedEntity("contacts")
public record ContactEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer userId,
        Integer contactUserId,
        @Nullable String contactName,
        @Nullable LocalDateTime addedAt,
        @Nullable Boolean isBlocked) {
}
