package org.babelbridge.db;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Transcript rows. Inserts of recorded utterances go through the recorder's idempotent SQL. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CallTranscriptRepository extends CrudRepository<CallTranscriptEntity, Integer> {

    /** The call's transcript in spoken order, listener languages of one utterance together. */
    @Query("SELECT * FROM call_transcripts WHERE call_id = :callId ORDER BY timestamp_ms, utterance_id, id")
    List<CallTranscriptEntity> findTranscriptOf(Integer callId);
}
