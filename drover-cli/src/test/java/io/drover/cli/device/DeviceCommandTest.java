package io.drover.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.CliRun;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code drover device history …} and {@code drover device psk …} against a real server. */
class DeviceCommandTest {
    private static final String CLASS = "pump";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private TestServer server;
    private ApiClient device;
    private long rollout;
    private long release;

    @BeforeEach
    void start() {
        server = TestServer.withClock(StoreBackend.H2, clock);
        ApiClient admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, "app");
        device = admin.as(vendor.register("pump-1", CLASS, "app", "1.0"));
        vendor.register("pump-2", CLASS, "app", "1.0");
        byte[] image = TestVendor.randomBytes(1000, 3);
        vendor.upload(image);
        release = vendor.release(CLASS, vendor.sign(1, "app", "1.1", image));
        rollout = vendor.startRollout(release);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void printsEachTransitionNewestFirstAndPointsToTheNextPage() {
        report("DOWNLOADING", null, "1.0");
        report("RETRYING", "agent.download-failed: connection reset", "1.0");
        report("SUCCESS", null, "1.1");

        CliRun all = device("history", "pump-1");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().toList()).containsExactly(
                "entry    recorded at              rollout release/seq  wave status       verified reason",
                row(3, "08:03", "SUCCESS", "no", ""),
                row(2, "08:02", "RETRYING", "-", "agent.download-failed: connection reset"),
                row(1, "08:01", "DOWNLOADING", "-", ""));

        CliRun page = device("history", "pump-1", "--limit", "2");
        assertThat(page.exitCode()).as(page.err()).isZero();
        List<String> lines = page.out().lines().toList();
        assertThat(lines).hasSize(4).last().isEqualTo("older entries: --before " + entryId(lines.get(2)));
        CliRun next = device("history", "pump-1", "--limit", "2", "--before", Long.toString(entryId(lines.get(2))));
        assertThat(next.out().lines().skip(1).map(l -> l.split(" +")[5]).toList()).containsExactly("DOWNLOADING");

        assertThat(device("history", "pump-2").out()).isEqualTo("no reports recorded\n");
    }

    @Test
    void printsTheServersJsonAsItIs() throws Exception {
        report("DOWNLOADING", null, "1.0");
        CliRun run = device("history", "pump-1", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.at("/0/status").asText()).isEqualTo("DOWNLOADING");
        assertThat(json.at("/0/rolloutId").asLong()).isEqualTo(rollout);
    }

    @Test
    void anUnknownDeviceOrABadPageIsRefusedWithTheServersCode() {
        CliRun unknown = device("history", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("drover: ").contains("[fleet.device-not-found]");
        CliRun badLimit = device("history", "pump-1", "--limit", "0");
        assertThat(badLimit.exitCode()).isEqualTo(1);
        assertThat(badLimit.err()).contains("limit must be between 1 and 1000, got 0 [request.bad-page]");
        CliRun notANumber = device("history", "pump-1", "--before", "last");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--before'");
    }

    @Test
    void issuesAPskOnceAndEachIssueReplacesTheOneBefore() {
        CliRun first = device("psk", "pump-1");
        CliRun second = device("psk", "pump-1");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("identity:   pump-1").contains("generation: 1")
                .containsPattern("key:        [A-Za-z0-9_-]{43}\\n");
        assertThat(second.out()).contains("generation: 2");
        assertThat(keyOf(second)).isNotEqualTo(keyOf(first));
        CliRun unknown = device("psk", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("[fleet.device-not-found]");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String row(long entry, String minute, String status, String verified, String reason) {
        return "%-8s %-24s %7s %-12s %4s %-12s %-8s %s".formatted(entry, "2026-11-28T" + minute + ":00Z", rollout,
                release + "/1", 1, status, verified, reason).stripTrailing();
    }

    private static String keyOf(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().substring(4).strip();
    }

    private static long entryId(String line) {
        return Long.parseLong(line.split(" +")[0]);
    }

    private CliRun device(String... args) {
        List<String> all = new ArrayList<>(List.of("device"));
        all.addAll(List.of(args));
        all.addAll(List.of("--server", server.baseUrl().toString(), "--admin-token", TestServer.ADMIN_TOKEN));
        return CliRun.of(all.toArray(String[]::new));
    }

    private void report(String status, String reason, String version) {
        clock.advance(Duration.ofMinutes(1));
        String because = reason == null ? "" : ",\"reason\":\"" + reason + "\"";
        Answer answer = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"%s"%s,"inventory":{"app":"%s"}}""".formatted(rollout, status, because, version));
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(204);
    }
}
