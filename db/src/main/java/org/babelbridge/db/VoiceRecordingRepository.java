package org.babelbridge.db;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Uploaded voice samples. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface VoiceRecordingRepository extends CrudRepository<VoiceRecordingEntity, Integer> {

    List<VoiceRecordingEntity> findByUserIdOrderById(Integer userId);

    Optional<VoiceRecordingEntity> findByIdAndUserId(Integer id, Integer userId);

    long countByUserId(Integer userId);
}
