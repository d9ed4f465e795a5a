package io.drover.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.StoreBackend;
import java.util.List;
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
}
