package org.babelbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void keepsAJdbcUrlAsItIs() {
        assertThat(DatabaseSettings.fromUrl("jdbc:postgresql://db:5432/babel"))
                .containsEntry("datasources.default.url", "jdbc:postgresql://db:5432/babel")
                .doesNotContainKey("datasources.default.username");
    }

    @Test
    void splitsAPostgresUrlIntoJdbcUrlUserAndPassword() {
        assertThat(DatabaseSettings.fromUrl("postgres://babel:s%40cret@db.internal/babel?sslmode=require"))
                .containsEntry("datasources.default.url", "jdbc:postgresql://db.internal:5432/babel?sslmode=require")
                .containsEntry("datasources.default.username", "babel")
                .containsEntry("datasources.default.password", "s@cret");
    }

    @Test
    void rejectsOtherSchemesWithTheSettingToFix() {
        assertThatThrownBy(() -> DatabaseSettings.fromUrl("mysql://x/y")).hasMessageContaining("DATABASE_URL");
    }
}
