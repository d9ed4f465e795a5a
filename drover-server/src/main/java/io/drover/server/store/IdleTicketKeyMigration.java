package io.drover.server.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.util.Base64;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Version 15: the key of the idle tickets' HMAC, 32 random bytes (base64) in {@code server_secret}. Made by a
 * migration so that it is made exactly once, under Flyway's lock, and every node sharing the database reads the same
 * one with no file to copy between them.
 */
final class IdleTicketKeyMigration implements JavaMigration {
    /** The name of the key's row in {@code server_secret}. */
    static final String KEY_NAME = "idle-ticket-key";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("15");
    }

    @Override
    public String getDescription() {
        return "idle ticket key";
    }

    @Override
    public Integer getChecksum() {
        return 15;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (PreparedStatement insert = context.getConnection().prepareStatement(
                "INSERT INTO server_secret (name, secret) VALUES (?, ?)")) {
            insert.setString(1, KEY_NAME);
            insert.setString(2, Base64.getEncoder().encodeToString(key));
            insert.executeUpdate();
        }
    }
}
