package io.drover.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.CliRun;
import io.drover.cli.DroverCli;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drover rollout …} against a real server whose rollout controller runs only when the test says, so every
 * wave moves exactly when the test has made it ready.
 */
class RolloutCommandTest {
    private static final String CLASS = "valve";
    private static final String APP = "app";
    private static final int FLEET = 20;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private TestServer server;
    private ApiClient admin;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private long releaseId;

    @BeforeEach
    void start() {
        server = TestServer.withClock(StoreBackend.H2, clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        for (int i = 0; i < FLEET; i++) {
            String id = "valve-%02d".formatted(i);
            tokens.put(id, vendor.register(id, CLASS, APP, "1.0"));
        }
        byte[] image = TestVendor.randomBytes(1000, 5);
        vendor.upload(image);
        releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1", image));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsARolloutInWavesWithEveryOptionAndShowsItsStatusAndHistory() {
        String canary = tokens.keySet().iterator().next();
        assertThat(admin.putJson("/api/v1/devices/" + canary + "/groups", "{\"groups\":[\"canary\"]}").status())
                .isEqualTo(200);
        CliRun create = rollout("create", "--release", Long.toString(releaseId), "--filter", "not region = us",
                "--wave", "10%:PT1H:100:1", "--wave", "50:PT30M:95%:5%", "--wave", "100:P1D:90",
                "--canary-group", "canary", "--health-margin", "5", "--health-min-devices", "3", "--health-rollback",
                "--priority", "10", "--window", "SAT,sun@01:00+PT4H", "--window", "22:00+PT2H",
                "--time-zone", "Europe/Berlin", "--require", "in_depot=true");
        assertThat(create.exitCode()).as(create.err()).isZero();
        long id = Long.parseLong(create.out().lines().findFirst().orElseThrow().replaceAll("\\D", ""));
        assertThat(create.out()).startsWith("rollout " + id + " created");

        JsonNode stored = admin.get("/api/v1/rollouts/" + id).json();
        assertThat(stored.at("/filter").asText()).isEqualTo("not region = us");
        assertThat(stored.at("/priority").asInt()).isEqualTo(10);
        assertThat(stored.at("/plan/canaryGroup").asText()).isEqualTo("canary");
        assertThat(stored.at("/plan/healthGate/marginPercent").asDouble()).isEqualTo(5);
        assertThat(stored.at("/plan/healthGate/minDevices").asLong()).isEqualTo(3);
        assertThat(stored.at("/plan/healthGate/rollbackOnHalt").asBoolean()).isTrue();
        assertThat(stored.at("/plan/waves/0/maxFailures").asLong()).isEqualTo(1);
        assertThat(stored.at("/plan/waves/1/maxFailurePercent").asDouble()).isEqualTo(5);
        assertThat(stored.at("/plan/waves/1/successPercent").asDouble()).isEqualTo(95);
        assertThat(stored.at("/plan/waves/2/maxFailures").isNull()).isTrue();
        assertThat(stored.at("/safety/timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(stored.at("/safety/windows/0/days").toString()).isEqualTo("[\"SATURDAY\",\"SUNDAY\"]");
        assertThat(stored.at("/safety/windows/0/length").asText()).isEqualTo("PT4H");
        assertThat(stored.at("/safety/windows/1/days").size()).isEqualTo(7);
        assertThat(stored.at("/safety/windows/1/start").asText()).isEqualTo("22:00");
        assertThat(stored.at("/safety/attributes/in_depot").asText()).isEqualTo("true");

        server.rolloutController().pass();
        CliRun status = rollout("status", Long.toString(id));
        assertThat(status.exitCode()).as(status.err()).isZero();
        List<String> lines = status.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("rollout " + id + ": release " + releaseId + " to class valve where "
                + "not region = us, priority 10");
        assertThat(lines.get(1)).isEqualTo("status:  RUNNING in wave 1 of 3, since 2026-11-28T08:00:00Z");
        assertThat(lines).contains("next:    wave 1 soaks until 2026-11-28T09:00:00Z",
                "canary:  group canary is in wave 1", "health:  updated devices may report trouble at most 5 points "
                        + "more often than those not yet updated, judged from 3 devices; a halt by it tells the updated "
                        + "devices to roll back",
                "safety:  windows in Europe/Berlin SAT,SUN@01:00+PT4H, 22:00+PT2H; in_depot = true");
        String header = lines.stream().filter(l -> l.startsWith("wave")).findFirst().orElseThrow();
        assertThat(header.split("\\s+")).containsExactly("wave", "share", "soak", "need", "max", "fail", "devices",
                "pending", "waiting", "downloading", "retrying", "installing", "stepped", "incompatible", "success",
                "failure", "rolled_back");
        long firstWave = admin.get("/api/v1/rollouts/" + id).json().at("/waves/0/devices").asLong();
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly(">", "1", "10%", "PT1H", "100%",
                "1", Long.toString(firstWave), Long.toString(firstWave), "0", "0", "0", "0", "0", "0", "0", "0", "0"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("", "2", "50%", "PT30M", "95%", "5%"));
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("", "3", "100%", "PT24H", "90%", "-"));

        CliRun json = rollout("status", Long.toString(id), "--json");
        assertThat(json.out()).contains("\"currentWave\" : 1");

        CliRun events = rollout("events", Long.toString(id));
        assertThat(events.exitCode()).as(events.err()).isZero();
        assertThat(events.out().strip()).matches("2026-11-28T08:00:00Z +admin +created +release " + releaseId
                + " to class valve where not region = us in 3 wave\\(s\\)");
    }

    @Test
    void pausesResumesPromotesAndCancelsWithReasonsAndRefusesWhatTheRolloutCannotDo() {
        long id = startRollout("""
                {"releaseId":%d,"waves":[{"percent":10,"soak":"P1D","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(releaseId));
        String rollout = Long.toString(id);

        assertThat(rollout("pause", rollout, "--reason", "a field report").out())
                .isEqualTo("rollout " + id + " PAUSED in wave 1 of 2: a field report\n");
        CliRun again = rollout("pause", rollout);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("drover: rollout " + id + " is PAUSED and cannot be paused "
                + "[rollout.invalid-transition]\n");
        assertThat(rollout("resume", rollout).out()).isEqualTo("rollout " + id + " RUNNING in wave 1 of 2\n");
        assertThat(rollout("promote", rollout, "--reason", "canaries look fine").out())
                .isEqualTo("rollout " + id + " RUNNING in wave 2 of 2\n");
        assertThat(rollout("cancel", rollout, "--reason", "superseded").out())
                .isEqualTo("rollout " + id + " CANCELLED in wave 2 of 2: superseded\n");

        List<String> history = rollout("events", rollout).out().lines()
                .map(l -> l.replaceFirst("^\\S+ +", "")).toList();
        assertThat(history).containsExactly(
                "admin    created    release " + releaseId + " to class valve in 2 wave(s)",
                "admin    paused     a field report",
                "admin    resumed",
                "admin    promoted   to wave 2: canaries look fine",
                "admin    cancelled  superseded");
    }

    @Test
    void watchFollowsARolloutWaveByWaveToItsEndInPlainLines() {
        long id = startRollout("""
                {"releaseId":%d,"waves":[{"percent":30,"soak":"PT0S","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(releaseId));
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> rollout("watch", Long.toString(id), "--interval", "PT0.05S"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            server.rolloutController().pass();
            for (String device : tokens.keySet()) {
                if (assignmentOf(device) == id) {
                    report(device, id, "SUCCESS");
                }
            }
            return watch.isDone();
        });

        CliRun run = watch.join();
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("rollout " + id + " RUNNING in wave 1 of 2 | wave 1: ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rollout " + id + " RUNNING in wave 2 of 2"));
        assertThat(lines.getLast()).startsWith("rollout " + id + " COMPLETED in wave 2 of 2 | wave 2: ")
                .contains(" 0 pending, ").contains(" success");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("a line only when something changed").isNotEqualTo(lines.get(i - 1));
        }
    }

    @Test
    void watchEndsWithItsOwnExitCodeAndTheReasonWhenTheRolloutHalts() {
        long id = startRollout("""
                {"releaseId":%d,"waves":[{"percent":50,"soak":"PT0S","successPercent":100,"maxFailures":0},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(releaseId));
        String failing = tokens.keySet().stream().filter(d -> assignmentOf(d) == id).findFirst().orElseThrow();
        report(failing, id, "FAILURE");
        server.rolloutController().pass();

        CliRun run = rollout("watch", Long.toString(id), "--interval", "PT0.05S");
        assertThat(run.exitCode()).isEqualTo(WatchRollout.STOPPED_SHORT);
        assertThat(run.out()).startsWith("rollout " + id + " HALTED in wave 1 of 2: wave 1: 1 devices failed, more "
                + "than the 0 allowed | wave 1: ").contains("1 failure");
    }

    /** On a terminal (a pseudo-terminal that {@code script} gives a child JVM) the table is drawn in place. */
    @Test
    void watchDrawsTheTableInPlaceOnATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
        long id = startRollout("{\"releaseId\":%d}".formatted(releaseId));
        server.rolloutController().pass();
        tokens.keySet().forEach(device -> report(device, id, "SUCCESS"));
        server.rolloutController().pass();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", "'" + System.getProperty("java.class.path") + "'", DroverCli.class.getName(),
                "rollout", "watch", Long.toString(id), "--server", server.baseUrl().toString(),
                "--admin-token", TestServer.ADMIN_TOKEN));
        Process child = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        String screen = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(screen).isZero();
        assertThat(screen).startsWith("\033[H\033[2J").contains("status:  COMPLETED in wave 1 of 1")
                .contains("Ctrl-C to stop watching");
        assertThat(screen.lines().map(String::strip)).anySatisfy(l -> assertThat(l.split("\\s+"))
                .containsExactly(">", "1", "100%", "PT0S", "0%", "-", "20", "0", "0", "0", "0", "0", "0", "0", "20", "0",
                        "0"));
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndStartsNothing() {
        String release = Long.toString(releaseId);
        assertUsageError(rollout("create", "--release", release, "--wave", "50:1h:100", "--wave", "100:PT0S:100"),
                "SOAK '1h' is not an ISO-8601 duration such as PT0S, PT30M or P1D");
        assertUsageError(rollout("create", "--release", release, "--wave", "50:PT0S"),
                "'50:PT0S' is not PERCENT:SOAK:SUCCESS[:MAXFAIL]");
        assertUsageError(rollout("create", "--release", release, "--wave", "150:PT0S:100"),
                "'150:PT0S:100': a wave's percent must be above 0, at most 100");
        assertUsageError(rollout("create", "--release", release, "--wave", "100:PT0S:100:many"),
                "MAXFAIL 'many' is neither a count of devices (3) nor a share (2%)");
        assertUsageError(rollout("create", "--release", release, "--health-margin", "5"),
                "a health gate needs both --health-margin and --health-min-devices");
        assertUsageError(rollout("create", "--release", release, "--health-rollback"),
                "--health-rollback needs a health gate (--health-margin and --health-min-devices)");
        assertUsageError(rollout("create"), "Missing required option: '--release=ID'");
        assertUsageError(rollout("create", "--release", release, "--window", "SAT@01:00"),
                "'SAT@01:00' is not [DAYS@]START+LENGTH");
        assertUsageError(rollout("create", "--release", release, "--window", "FRY@01:00+PT1H"),
                "'FRY@01:00+PT1H': safety.windows[].days must name days such as SATURDAY or SAT, not 'FRY'");
        assertUsageError(rollout("create", "--release", release, "--time-zone", "Europe/Berlin"),
                "--time-zone needs a --window");
        assertRefused(rollout("create", "--release", release, "--window", "01:00+PT1H", "--time-zone", "Mars/Olympus"),
                "safety.timeZone must be a time-zone id such as Europe/Berlin, not 'Mars/Olympus' [rollout.invalid]");
        assertRefused(rollout("create", "--release", release, "--wave", "50:PT0S:100"),
                "the last wave must reach 100 percent, not 50.0 [rollout.invalid]");
        assertRefused(rollout("create", "--release", release, "--filter", "region ="), "[rollout.invalid-filter]");
        assertRefused(rollout("create", "--release", release, "--priority", "5000"),
                "priority must be from -1000 to 1000: 5000 [rollout.invalid]");
        assertRefused(rollout("create", "--release", "999999"), "[release.not-found]");
        assertThat(tokens.keySet()).allSatisfy(d -> assertThat(assignmentOf(d)).as("nothing started").isEqualTo(-1));

        assertRefused(rollout("status", "999999"), "no rollout with id 999999 [rollout.not-found]");
        assertRefused(rollout("resume", "999999"), "[rollout.not-found]");
        assertUsageError(rollout("status", "seven"), "Invalid value for positional parameter at index 0 (ID): 'seven'");
        assertUsageError(rollout("watch", "1", "--interval", "PT0S"), "--interval must be positive, not PT0S");
        assertUsageError(CliRun.of("rollout", "status", "1", "--server", server.baseUrl().toString(),
                "--admin-token="), "give --token or set DROVER_TOKEN or DROVER_ADMIN_TOKEN");
        assertUsageError(CliRun.of("rollout", "status", "1", "--server", "127.0.0.1:8080", "--admin-token",
                TestServer.ADMIN_TOKEN), "--server must be an http:// or https:// URL");
        CliRun wrongToken = CliRun.of("rollout", "status", "1", "--server", server.baseUrl().toString(),
                "--admin-token", "not-the-admin-token-at-all");
        assertThat(wrongToken.exitCode()).isEqualTo(1);
        assertThat(wrongToken.err()).startsWith("drover: ").contains("[auth.");
        CliRun nobody = CliRun.of("rollout", "status", "1", "--server", "http://127.0.0.1:1", "--admin-token",
                TestServer.ADMIN_TOKEN);
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).startsWith("drover: the Drover server at http://127.0.0.1:1 did not answer (");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private CliRun rollout(String... args) {
        List<String> all = new ArrayList<>(List.of("rollout"));
        all.addAll(List.of(args));
        all.addAll(List.of("--server", server.baseUrl().toString(), "--admin-token", TestServer.ADMIN_TOKEN));
        return CliRun.of(all.toArray(String[]::new));
    }

    private long startRollout(String json) {
        Answer created = admin.postJson("/api/v1/rollouts", json);
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** The rollout a device's check-in assigns, or -1 for none. */
    private long assignmentOf(String device) {
        Answer checkIn = admin.as(tokens.get(device)).get("/device/v1/checkin");
        assertThat(checkIn.status()).isEqualTo(200);
        JsonNode assignment = checkIn.json().get("assignment");
        return assignment == null || assignment.isNull() ? -1 : assignment.get("rolloutId").asLong();
    }

    private void report(String device, long rolloutId, String status) {
        String version = status.equals("SUCCESS") ? "1.1" : "1.0";
        String reason = status.equals("FAILURE") ? ",\"reason\":\"agent.health-check-failed: app exits\"" : "";
        Answer answer = admin.as(tokens.get(device)).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"%s"%s,"inventory":{"app":"%s"}}""".formatted(rolloutId, status, reason, version));
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(204);
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("drover: ").contains(message);
    }
}
