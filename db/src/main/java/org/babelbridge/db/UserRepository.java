package org.babelbridge.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.LocalDateTime;
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

    @Query("UPDATE users SET role = :role, updated_at = :now WHERE id = :id")
    void updateRole(Integer id, String role, LocalDateTime now);

    @Query("UPDATE users SET is_online = :online, last_seen = :now WHERE id = :id")
    void updatePresence(Integer id, boolean online, LocalDateTime now);

    @Query("""
            UPDATE users SET sip_username = :sipUsername, sip_realm = :realm, sip_ha1_md5 = :ha1Md5,
                   sip_ha1_sha256 = :ha1Sha256, sip_secret_issued_at = :now, updated_at = :now
            WHERE id = :id""")
    void updateSipSecret(Integer id, String sipUsername, String realm, String ha1Md5, String ha1Sha256,
                         LocalDateTime now);

    @Query("""
            UPDATE users SET has_voice_sample = :hasVoiceSample, voice_model_trained = :trained,
                   voice_quality_score = :qualityScore, updated_at = :now
            WHERE id = :id""")
    void updateVoice(Integer id, boolean hasVoiceSample, boolean trained, @Nullable Integer qualityScore,
                     LocalDateTime now);
}
