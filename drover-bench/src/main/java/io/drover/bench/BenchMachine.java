package io.drover.bench;

import io.drover.server.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** What every load harness states about where it ran, and the PostgreSQL schema each run gets for itself. */
final class BenchMachine {
    private BenchMachine() {}

    static String describe() {
        return String.format("machine: %d cores, %s %s; JVM %s; max heap %d MiB; load average %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A new schema on the PostgreSQL at {@code jdbcUrl}, to be dropped with {@link #dropSchema}. */
    static DatabaseSettings freshSchema(String jdbcUrl, String user) {
        return DatabaseSettings.of(jdbcUrl, user, null).withSchema("drover_bench_" + System.nanoTime());
    }

    static void dropSchema(DatabaseSettings settings) {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user().orElse(null), null);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + settings.schema().orElseThrow() + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark schema " + settings.schema().orElseThrow() + ": "
                    + e.getMessage());
        }
    }
}
