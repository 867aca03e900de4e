package org.babelbridge.db;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Presence sources; upserts and expiry go through the presence service's SQL. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserPresenceRepository extends CrudRepository<UserPresenceEntity, Integer> {

    List<UserPresenceEntity> findByUserId(Integer userId);
}
