package io.drover.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.testing.StoreBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private static int migrations() throws Exception {
        try (var files = Files.list(Path.of(DatabaseTest.class.getResource("/db/migration").toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}
