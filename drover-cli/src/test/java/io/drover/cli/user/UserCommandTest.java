package io.drover.cli.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.cli.CliRun;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drover user …} and {@code drover rollout approve} against a real server: users created from the command line
 * act with their own tokens, under their own names, within their roles.
 */
class UserCommandTest {
    private static final String CLASS = "boiler";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private TestServer server;
    private ApiClient admin;
    private long criticalRelease;

    @BeforeEach
    void start() {
        server = TestServer.withClock(StoreBackend.H2, clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        assertThat(admin.postJson("/api/v1/classes", """
                {"name":"%s","vendorId":"%s","classId":"%s","components":["app","firmware"],
                 "criticality":{"firmware":"critical"}}""".formatted(CLASS, vendor.vendorId, vendor.classId))
                .status()).isEqualTo(201);
        vendor.trust(CLASS, vendor.key);
        vendor.register("boiler-1", CLASS, "app", "1.0");
        byte[] image = TestVendor.randomBytes(1000, 3);
        vendor.upload(image);
        criticalRelease = vendor.release(CLASS, vendor.sign(1, "firmware", "2.0", image));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsUsersWhoActUnderTheirOwnNamesWithinTheirRoles() {
        String olga = create("olga", "operator");
        String anna = create("anna", "approver");
        CliRun list = drover(TestServer.ADMIN_TOKEN, "user", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("anna +approver +created 2026-11-28T08:00:00Z by admin"),
                line -> assertThat(line).matches("olga +operator +created 2026-11-28T08:00:00Z by admin"));
        assertThat(list.out()).doesNotContain(olga, anna);

        CliRun created = drover(olga, "rollout", "create", "--release", Long.toString(criticalRelease));
        assertThat(created.exitCode()).as(created.err()).isZero();
        long id = Long.parseLong(created.out().lines().findFirst().orElseThrow().replaceAll("\\D", ""));
        assertThat(admin.get("/api/v1/rollouts/" + id).json().get("status").asText()).isEqualTo("AWAITING_APPROVAL");

        assertRefused(drover(olga, "rollout", "approve", Long.toString(id)), "needs one of the roles admin, approver; "
                + "olga is operator [auth.forbidden]");
        assertRefused(drover(TestServer.ADMIN_TOKEN, "user", "create", "root", "--role", "root"), "[user.invalid]");
        assertRefused(drover(anna, "user", "list"), "[auth.forbidden]");

        CliRun approved = drover(anna, "rollout", "approve", Long.toString(id), "--reason", "bench-tested");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).isEqualTo("rollout " + id + " RUNNING in wave 1 of 1\n");
        List<String> events = drover(anna, "rollout", "events", Long.toString(id)).out().lines()
                .map(l -> l.replaceFirst("^\\S+ +", "")).toList();
        assertThat(events.get(0)).startsWith("olga     created ");
        assertThat(events.get(1)).isEqualTo("anna     approved   wave 1 starts: bench-tested");

        CliRun revoked = drover(TestServer.ADMIN_TOKEN, "user", "revoke", "olga");
        assertThat(revoked.out()).isEqualTo("user olga revoked\n");
        assertRefused(drover(olga, "rollout", "status", Long.toString(id)), "[auth.unauthenticated]");
        assertThat(drover(TestServer.ADMIN_TOKEN, "user", "list").out()).containsPattern("olga +operator .* revoked ");
        assertRefused(drover(TestServer.ADMIN_TOKEN, "user", "revoke", "nobody"), "[user.not-found]");
    }

    /** Creates a user from the command line and returns the token it printed. */
    private String create(String name, String role) {
        CliRun run = drover(TestServer.ADMIN_TOKEN, "user", "create", name, "--role", role);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("user " + name + " created with role " + role
                + "; its token (shown only now, keep it secret):");
        assertThat(lines.get(1)).matches("[A-Za-z0-9_-]{43}");
        return lines.get(1);
    }

    private CliRun drover(String token, String... args) {
        return CliRun.of(Stream.concat(Stream.of(args), Stream.of("--server", server.baseUrl().toString(), "--token",
                token)).toArray(String[]::new));
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("drover: ").contains(message);
    }
}
