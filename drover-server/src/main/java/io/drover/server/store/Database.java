package io.drover.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;

/**
 * Drover's relational store: a connection pool, the schema brought up to date by Flyway, and a {@link Jdbi} for the
 * feature repositories. H2 (embedded, file or memory) and PostgreSQL run the same migrations: SQL files, and the few
 * that need Java ({@link EnvelopeDigestMigration}, {@link IdleTicketKeyMigration}), registered here by hand.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the database named by {@code settings}, creating its schema when needed, and migrates it to the newest version.
     */
    public static Database open(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        settings.schema().ifPresent(config::setSchema);
        config.setMaximumPoolSize(settings.maxConnections());
        if (settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            // A batch of inserts (devices registered in bulk, a rollout's counters) goes as multi-row INSERTs, not
            // one statement per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        config.setPoolName("drover-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, settings.schema());
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static void migrate(HikariDataSource dataSource, Optional<String> schema) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(javaMigrations());
        schema.ifPresent(s -> flyway.schemas(s).defaultSchema(s).createSchemas(true));
        flyway.load().migrate();
    }

    /** The migrations written in Java, which Flyway does not find by itself. */
    static JavaMigration[] javaMigrations() {
        return new JavaMigration[] {new EnvelopeDigestMigration(), new IdleTicketKeyMigration()};
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
