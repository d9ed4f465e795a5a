package io.drover.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.testing.StoreBackend;
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
     * would), they all migrate at the same moment, and the schema ends migrated once. Flyway serialises migrations
     * with an advisory lock; the schema's own creation is what this test guards.
     */
    @RepeatedTest(3)
    void nodesMigratingOneEmptySchemaAtTheSameMomentMigrateItOnce() throws Exception {
        DatabaseSettings settings = StoreBackend.POSTGRESQL.freshDatabase();
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        try (ExecutorService threads = Executors.newFixedThreadPool(nodes)) {
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                opened.add(threads.submit(() -> {
                    together.await();
                    return Database.open(settings);
                }));
            }
            List<Database> databases = new ArrayList<>();
            for (Future<Database> f : opened) {
                databases.add(f.get());
            }
            List<String> applied = databases.get(0).jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class).list());
            assertThat(applied).containsExactly("1", "2", "3");
            databases.forEach(Database::close);
        } finally {
            StoreBackend.POSTGRESQL.drop(settings);
        }
    }
}
