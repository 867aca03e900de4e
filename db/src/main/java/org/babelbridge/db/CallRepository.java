package org.babelbridge.db;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Call sessions. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CallRepository extends CrudRepository<CallEntity, Integer> {

    /** Locks the call row until the transaction ends: participant changes of one call are serialised. */
    @Query("SELECT * FROM calls WHERE id = :id FOR UPDATE")
    Optional<CallEntity> findByIdForUpdate(Integer id);

    List<CallEntity> findByIsActive(Boolean isActive);

    /** Calls the user took part in, newest first (a caller is always a participant of their own call). */
    @Query("""
            SELECT c.* FROM calls c JOIN call_participants p ON p.call_id = c.id
            WHERE p.user_id = :userId
            ORDER BY c.started_at DESC, c.id DESC
            LIMIT :limit OFFSET :offset""")
    List<CallEntity> findHistoryOf(Integer userId, int offset, int limit);

    @Query("SELECT * FROM calls ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset")
    List<CallEntity> listNewestFirst(int offset, int limit);
}
