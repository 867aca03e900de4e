package org.babelbridge.db;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Contact lists. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ContactRepository extends CrudRepository<ContactEntity, Integer> {

    List<ContactEntity> findByUserIdOrderById(Integer userId);

    Optional<ContactEntity> findByUserIdAndContactUserId(Integer userId, Integer contactUserId);

    Optional<ContactEntity> findByIdAndUserId(Integer id, Integer userId);
}
