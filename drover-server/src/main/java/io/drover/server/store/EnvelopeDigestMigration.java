package io.drover.server.store;

import io.drover.server.blob.Sha256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Version 13: each release's {@code envelope_sha256}, the SHA-256 of its envelope's bytes, so that an envelope can be
 * asked for by digest (as gateways do) and check-in answers can name it. Written in Java because H2 and PostgreSQL
 * share no SQL function that hashes a column; the statements themselves are common to both.
 */
final class EnvelopeDigestMigration implements JavaMigration {
    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("13");
    }

    @Override
    public String getDescription() {
        return "release envelope sha256";
    }

    @Override
    public Integer getChecksum() {
        return 13;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE release ADD COLUMN envelope_sha256 CHAR(64)");
        }
        try (Statement read = connection.createStatement();
                ResultSet releases = read.executeQuery("SELECT id, envelope FROM release");
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE release SET envelope_sha256 = ? WHERE id = ?")) {
            while (releases.next()) {
                write.setString(1, Sha256.digestOf(releases.getBytes("envelope")).hex());
                write.setLong(2, releases.getLong("id"));
                write.addBatch();
            }
            write.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE release ALTER COLUMN envelope_sha256 SET NOT NULL");
            ddl.execute("CREATE INDEX release_envelope_sha256 ON release (envelope_sha256)");
        }
    }
}
