package io.drover.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.blob.Sha256;
import io.drover.server.testing.StoreBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void migratesAnEmptyDatabaseAndReopensItUnchanged(StoreBackend backend) {
        DatabaseSettings settings = backend.freshDatabase();
        try {
            try (Database db = Database.open(settings)) {
                db.jdbi().useHandle(h -> h.execute("INSERT INTO artifact (sha256, size_bytes, created_at) VALUES (?, 1, ?)",
                        "a".repeat(64), Rows.timestamp(java.time.Instant.EPOCH)));
            }
            try (Database db = Database.open(settings)) {
                List<String> tables = db.jdbi().withHandle(h -> h.createQuery(
                                "SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) IN "
                                        + "('device_class','device','artifact','release','rollout','device_rollout') "
                                        + "AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
                        .mapTo(String.class).list());
                assertThat(tables).containsExactlyInAnyOrder("device_class", "device", "artifact", "release", "rollout", "device_rollout");
                long artifacts = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM artifact").mapTo(Long.class).one());
                assertThat(artifacts).isEqualTo(1);
            }
        } finally {
            backend.drop(settings);
        }
    }

    /** Releases stored before version 13 get their envelope's digest when the schema moves to it. */
    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void fillsInTheEnvelopeDigestOfReleasesStoredBeforeItWasKept(StoreBackend backend) {
        DatabaseSettings settings = backend.freshDatabase();
        byte[] envelope = "an envelope stored by version 12".getBytes(StandardCharsets.UTF_8);
        String in = settings.schema().map(schema -> schema + ".").orElse("");
        try {
            var version12 = Flyway.configure().dataSource(settings.jdbcUrl(), settings.user().orElse(null),
                    settings.password().orElse(null)).locations("classpath:db/migration").target("12");
            settings.schema().ifPresent(schema -> version12.schemas(schema).defaultSchema(schema).createSchemas(true));
            version12.load().migrate();
            Jdbi.create(version12.getDataSource()).useHandle(h -> {
                long classId = h.createUpdate("INSERT INTO " + in + "device_class (name, vendor_id, class_id, "
                                + "created_at) VALUES ('sensor', :v, :c, :t)")
                        .bind("v", UUID.randomUUID()).bind("c", UUID.randomUUID())
                        .bind("t", Rows.timestamp(Instant.EPOCH))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                h.createUpdate("INSERT INTO " + in + "release (device_class_id, sequence_number, "
                                + "signer_key_id, envelope, created_at) VALUES (:cls, 1, 'k', :env, :t)")
                        .bind("cls", classId).bind("env", envelope).bind("t", Rows.timestamp(Instant.EPOCH))
                        .execute();
            });

            try (Database db = Database.open(settings)) {
                List<String> digests = db.jdbi().withHandle(h -> h.createQuery("SELECT envelope_sha256 FROM release")
                        .mapTo(String.class).list());
                assertThat(digests).containsExactly(Sha256.digestOf(envelope).hex());
            }
        } finally {
            backend.drop(settings);
        }
    }

    @Test
    void refusesASchemaNameThatWouldNeedQuoting() {
        DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:5432/drover", null, null);
        assertThat(settings.withSchema("drover_eu_1").schema()).contains("drover_eu_1");
        for (String bad : List.of("", "1drover", "drover-eu", "drover; DROP SCHEMA public", "x".repeat(64))) {
            assertThatThrownBy(() -> settings.withSchema(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("a schema name is a letter or underscore");
        }
    }

    /**
     * Server nodes started together on one empty PostgreSQL schema: each opens its own pool (as separate processes
     * would) at the same moment, and the schema ends migrated once. Flyway retries creating the schema when another
     * node created it first, then migrates under an advisory lock; this shows both hold.
     */
    @RepeatedTest(3)
    void nodesMigratingOneEmptySchemaAtTheSameMomentMigrateItOnce() throws Exception {
        DatabaseSettings fresh = StoreBackend.POSTGRESQL.freshDatabase();
        DatabaseSettings settings = new DatabaseSettings(fresh.jdbcUrl(), fresh.user(), fresh.password(), fresh.schema(), 2);
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        List<Future<Database>> opened = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(nodes)) {
            for (int i = 0; i < nodes; i++) {
                opened.add(threads.submit(() -> {
                    together.await();
                    return Database.open(settings);
                }));
            }
        }
        try {
            for (Future<Database> node : opened) {
                List<String> applied = node.get().jdbi().withHandle(h -> h.createQuery(
                                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                        .mapTo(String.class).list());
                assertThat(applied).hasSize(migrations()).doesNotHaveDuplicates();
            }
        } finally {
            for (Future<Database> node : opened) {
                if (node.state() == Future.State.SUCCESS) {
                    node.resultNow().close();
                }
            }
            StoreBackend.POSTGRESQL.drop(settings);
        }
    }

    /** The SQL files, and the one migration in Java ({@link EnvelopeDigestMigration}). */
    private static int migrations() throws Exception {
        try (var files = Files.list(Path.of(DatabaseTest.class.getResource("/db/migration").toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count()
                    + Database.javaMigrations().length;
        }
    }
}
