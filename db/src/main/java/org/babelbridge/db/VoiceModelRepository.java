package org.babelbridge.db;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Voice model status per user. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface VoiceModelRepository extends CrudRepository<VoiceModelEntity, Integer> {

    Optional<VoiceModelEntity> findByUserId(Integer userId);

    List<VoiceModelEntity> findByStatus(String status);
}
