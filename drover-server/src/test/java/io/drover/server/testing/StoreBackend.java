package io.drover.server.testing;

import io.drover.server.store.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The two stores every storage test runs against: embedded H2 and the real PostgreSQL on 127.0.0.1:5432 (database
 * {@code test}). Each call makes a fresh, private database: a new in-memory H2, or a new PostgreSQL schema, so runs never
 * collide. Override the PostgreSQL location with DROVER_TEST_PG_URL / DROVER_TEST_PG_USER.
 */
public enum StoreBackend {
    H2,
    POSTGRESQL;

    private static final String PG_URL = System.getenv().getOrDefault("DROVER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getenv().getOrDefault("DROVER_TEST_PG_USER", "postgres");

    /** A new empty database of this kind. */
    public DatabaseSettings freshDatabase() {
        String name = "drover_test_" + UUID.randomUUID().toString().replace("-", "");
        return switch (this) {
            case H2 -> new DatabaseSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", Optional.empty(), Optional.empty(),
                    Optional.empty(), 10);
            case POSTGRESQL -> DatabaseSettings.of(PG_URL, PG_USER, null).withSchema(name);
        };
    }

    /** Removes what {@link #freshDatabase()} made. */
    public void drop(DatabaseSettings settings) {
        String sql = switch (this) {
            case H2 -> "SHUTDOWN";
            case POSTGRESQL -> "DROP SCHEMA IF EXISTS " + settings.schema().orElseThrow() + " CASCADE";
        };
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user().orElse(null), settings.password().orElse(null));
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + settings, e);
        }
    }
}
