package org.babelbridge.db.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.babelbridge.db.EmbeddedDatabase;
import org.babelbridge.db.Migrations;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, migrated database for one test class: {@code babel_test_<random>} on the PostgreSQL at
 * 127.0.0.1:5432 (user postgres, trust) when it answers, otherwise on an embedded PostgreSQL shared by the JVM.
 * {@link #close()} drops the database, terminating any connection left open.
 *
 * <pre>{@code
 * static final TestDatabase DB = TestDatabase.create();
 * // @MicronautTest class implementing TestPropertyProvider:
 * public Map<String, String> getProperties() { return DB.micronautProperties(); }
 * @AfterAll static void drop() { DB.close(); }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";
    private static EmbeddedDatabase embedded;

    private final String serverUrl;
    private final String name;
    private volatile boolean closed;

    private TestDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    /** Creates and migrates a new database. */
    public static TestDatabase create() {
        String server = serverUrl();
        String name = "babel_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        execute(server + "postgres", "CREATE DATABASE " + name);
        TestDatabase db = new TestDatabase(server, name);
        try {
            Migrations.migrate(db.jdbcUrl(), USER, "");
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public String jdbcUrl() {
        return serverUrl + name;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    public String databaseName() {
        return name;
    }

    /** An unpooled data source for plain JDBC in tests. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(USER);
        return ds;
    }

    /** Opens a connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /**
     * Properties pointing Micronaut's default datasource at this database (already migrated); suitable for
     * {@code TestPropertyProvider#getProperties()}.
     */
    public Map<String, String> micronautProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl(),
                "datasources.default.username", USER,
                "datasources.default.password", "",
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES",
                "datasources.default.maximum-pool-size", "8");
    }

    /** Drops the database. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        execute(serverUrl + "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized String serverUrl() {
        if (embedded != null) {
            return embedded.jdbcUrl("");
        }
        if (localServerAnswers()) {
            return LOCAL_URL;
        }
        embedded = EmbeddedDatabase.startTemporary();
        EmbeddedDatabase started = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
        return embedded.jdbcUrl("");
    }

    private static boolean localServerAnswers() {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "3");
        try (Connection ignored = DriverManager.getConnection(LOCAL_URL + "postgres", props)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + sql + " failed: " + e.getMessage(), e);
        }
    }
}
