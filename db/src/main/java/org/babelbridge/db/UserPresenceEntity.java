package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/**
 * A row of {@code user_presence}: one source (e.g. {@code sip:<contact>} or {@code ws:<session>}) keeping a
 * user online, until {@code expiresAt} when set. Times are UTC.
 */
@MappedEntity("user_presence")
public record UserPresenceEntity(
        @Id @GeneratedValue @Nullable Integer id,
        Integer userId,
        String source,
        @Nullable LocalDateTime expiresAt,
        LocalDateTime updatedAt) {
}
