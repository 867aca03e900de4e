package org.babelbridge.db;

import org.flywaydb.core.Flyway;

/** Runs the Flyway migrations under {@code classpath:db/migration} against a database. */
public final class Migrations {

    private Migrations() {
    }

    /** Migrates the database at {@code jdbcUrl} to the latest version; returns the number of migrations applied. */
    public static int migrate(String jdbcUrl, String username, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, username, password)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
