package io.drover.server.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the database is. A {@code jdbc:h2:} URL selects the embedded default, a {@code jdbc:postgresql:} URL the scale-out
 * store; {@code schema} keeps several Drover instances (or test runs) apart inside one database.
 */
public record DatabaseSettings(String jdbcUrl, Optional<String> user, Optional<String> password, Optional<String> schema,
        int maxConnections) {
    /** Names that need no quoting on H2 or PostgreSQL, so every tool and script may write them bare. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL (use jdbc:h2:… or jdbc:postgresql:…): " + jdbcUrl);
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (schema.isPresent() && !SCHEMA_NAME.matcher(schema.get()).matches()) {
            throw new IllegalArgumentException("a schema name is a letter or underscore, then up to 62 letters, digits "
                    + "or underscores: " + schema.get());
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    /** The embedded default: an H2 database file inside {@code dataDir}. */
    public static DatabaseSettings embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("drover").toString();
        return new DatabaseSettings("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", Optional.empty(), Optional.empty(),
                Optional.empty(), 10);
    }

    /** A database named by a JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:5432/drover}. */
    public static DatabaseSettings of(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, Optional.ofNullable(user), Optional.ofNullable(password), Optional.empty(), 10);
    }

    public DatabaseSettings withSchema(String schemaName) {
        return new DatabaseSettings(jdbcUrl, user, password, Optional.of(schemaName), maxConnections);
    }
}
