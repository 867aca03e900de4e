package org.babelbridge.db;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Users. E-mail look-ups ignore case, matching the {@code lower(email)} unique index. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<UserEntity, Integer> {

    @Query("SELECT * FROM users WHERE lower(email) = lower(:email)")
    Optional<UserEntity> findByEmailIgnoreCase(String email);

    Optional<UserEntity> findByPhoneNumber(String phoneNumber);

    Optional<UserEntity> findBySipUsername(String sipUsername);

    @Query("SELECT * FROM users ORDER BY id LIMIT :limit OFFSET :offset")
    List<UserEntity> listOrdered(int offset, int limit);

    long countByRole(String role);
}
