package org.babelbridge.db;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Participants of calls. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CallParticipantRepository extends CrudRepository<CallParticipantEntity, Integer> {

    List<CallParticipantEntity> findByCallIdOrderById(Integer callId);

    Optional<CallParticipantEntity> findByCallIdAndUserId(Integer callId, Integer userId);

    /** The user's one active participation, if any (the partial unique index guarantees at most one). */
    @Query("SELECT * FROM call_participants WHERE user_id = :userId AND left_at IS NULL")
    Optional<CallParticipantEntity> findActiveByUserId(Integer userId);

    @Query("SELECT count(*) FROM call_participants WHERE call_id = :callId AND left_at IS NULL")
    long countActiveByCallId(Integer callId);
}
