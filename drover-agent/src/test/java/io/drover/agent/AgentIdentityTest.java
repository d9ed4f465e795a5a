package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_APP;
import static io.drover.agent.testing.AgentHarness.FACTORY_OS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.health.HealthResult;
import io.drover.agent.identity.IdentityKeyFile;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.StateStore;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReportBody;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.Report;
import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportVerification;
import io.drover.suit.report.ReportVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device's identity key: made once and kept, registered before any report, and signing every final report. */
class AgentIdentityTest {
    private static final Image APP = Image.of("app", "1.1.0", 10_000);

    @RegisterExtension
    final AgentHarness device = new AgentHarness();

    private Path keyFile() {
        return device.dataDir.resolve(IdentityKeyFile.FILE_NAME);
    }

    /** The install report inside the last report the server received, verified with the agent's identity key. */
    private InstallReport lastSignedReport(VerificationKey identity) {
        ReportBody body = device.server.reportBodies().getLast();
        assertThat(body.signedReport()).as("signed report of " + body.report()).isNotNull();
        var verdict = ReportVerifier.create(List.of(identity)).verify(Base64.getDecoder().decode(body.signedReport()));
        assertThat(verdict).isInstanceOf(ReportVerification.Verified.class);
        return InstallReport.of(((ReportVerification.Verified) verdict).report());
    }

    private static InventoryEntry entry(Image image) {
        return new InventoryEntry(image.version(),
                Optional.of(new InventoryEntry.Image(image.sha256Hex(), image.content().length)));
    }

    @Test
    void makesAnEd25519KeyOnFirstStartAndKeepsItPrivate() throws Exception {
        VerificationKey identity;
        try (Agent agent = device.agent()) {
            identity = agent.identityKey();
        }

        assertThat(identity.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(SigningKey.fromPem(Files.readString(keyFile())).verificationKey()).isEqualTo(identity);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        assertThat(AgentHarness.filesIn(device.dataDir)).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void reusesTheKeyAtEveryLaterStartWhateverAlgorithmIsConfigured() throws Exception {
        VerificationKey first;
        try (Agent agent = device.agent()) {
            first = agent.identityKey();
        }
        String pem = Files.readString(keyFile());

        try (Agent again = device.builder(new io.drover.agent.health.ImageDigestHealthCheck())
                .identityAlgorithm(SignatureAlgorithm.ES256).build()) {
            assertThat(again.identityKey()).isEqualTo(first);
        }
        assertThat(Files.readString(keyFile())).isEqualTo(pem);
    }

    @Test
    void makesAP256KeyWhenConfigured() {
        try (Agent agent = device.builder(new io.drover.agent.health.ImageDigestHealthCheck())
                .identityAlgorithm(SignatureAlgorithm.ES256).build()) {
            assertThat(agent.identityKey().algorithm()).isEqualTo(SignatureAlgorithm.ES256);
        }
    }

    @Test
    void usesAKeyProvisionedBeforeTheFirstStart() throws Exception {
        SigningKey provisioned = SigningKey.generate(SignatureAlgorithm.ES256);
        Files.writeString(keyFile(), provisioned.toPkcs8Pem());

        try (Agent agent = device.agent()) {
            assertThat(agent.identityKey()).isEqualTo(provisioned.verificationKey());
        }
    }

    @Test
    void refusesToStartWithAnUnusableKeyFileAndNeverReplacesIt() throws Exception {
        for (String content : List.of("", "garbage", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")) {
            Files.writeString(keyFile(), content);

            assertThatThrownBy(device::agent).isInstanceOfSatisfying(DroverException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(AgentErrors.IDENTITY_KEY_UNUSABLE);
                assertThat(e.getMessage()).contains(keyFile().toString()).contains("impostor");
            });
            assertThat(Files.readString(keyFile())).isEqualTo(content);
        }
        assertThat(device.server.requests()).isEmpty();
    }

    @Test
    void registersItsKeyBeforeItsFirstReportAtEveryStart() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        VerificationKey identity;
        try (Agent agent = device.agent()) {
            identity = agent.identityKey();
            agent.runOnce();
            agent.runOnce();
        }
        try (Agent restarted = device.agent()) {
            restarted.runOnce();
        }

        assertThat(device.server.registeredKeys()).containsExactly(identity.toPem(), identity.toPem());
        assertThat(device.server.requests().getFirst().path()).isEqualTo("/device/v1/identity");
    }

    @Test
    void anotherKeyOnRecordStopsTheCycleBeforeAnythingHappens() throws Exception {
        device.server.keyOnRecord(SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey().toPem());
        device.server.assign(12, device.release(7, 3, APP));

        try (Agent agent = device.agent()) {
            assertThatThrownBy(agent::runOnce).isInstanceOfSatisfying(DroverException.class,
                    e -> assertThat(e.errorCode().code()).isEqualTo("device.identity-conflict"));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.server.requestsTo("/device/v1/checkin")).isEmpty();
        assertThat(device.server.reports()).isEmpty();
    }

    @Test
    void signsItsSuccessWithTheInventoryBeforeAndAfterAndTheRealImageDigests() throws Exception {
        TestRelease release = device.release(7, 3, APP);
        device.server.assign(12, release);
        VerificationKey identity;
        try (Agent agent = device.agent()) {
            identity = agent.identityKey();
            agent.runOnce();
        }

        InstallReport report = lastSignedReport(identity);
        assertThat(report.deviceId()).isEqualTo("dev-1");
        assertThat(report.rolloutId()).isEqualTo(12);
        assertThat(report.releaseId()).isEqualTo(7);
        assertThat(report.manifest()).isEqualTo(release.manifest());
        assertThat(report.succeeded()).isTrue();
        assertThat(report.deviceTime()).isEqualTo(AgentHarness.NOW);
        assertThat(report.before()).isEqualTo(Map.of("app", entry(FACTORY_APP), "os", entry(FACTORY_OS)));
        assertThat(report.after()).isEqualTo(Map.of("app", entry(APP), "os", entry(FACTORY_OS)));
        ReportBody body = device.server.reportBodies().getLast();
        assertThat(body.report().status()).isEqualTo("SUCCESS");
        assertThat(body.digests()).isEqualTo(Map.of("app", APP.sha256Hex(), "os", FACTORY_OS.sha256Hex()));
    }

    @Test
    void signsARollbackNamingTheHealthCheckAndAnUnchangedInventory() throws Exception {
        TestRelease release = device.release(7, 3, APP);
        device.server.assign(12, release);
        VerificationKey identity;
        try (Agent agent = device.agent(trial -> new HealthResult.Unhealthy("app does not start"))) {
            identity = agent.identityKey();
            agent.runOnce();
        }

        InstallReport report = lastSignedReport(identity);
        assertThat(report.reason()).contains("agent.health-check-failed: app does not start");
        assertThat(report.manifest()).isEqualTo(release.manifest());
        assertThat(report.result()).isInstanceOfSatisfying(ReportResult.Failure.class,
                failure -> assertThat(failure.record().section()).isEqualTo(7));
        assertThat(report.before()).isEqualTo(report.after())
                .isEqualTo(Map.of("app", entry(FACTORY_APP), "os", entry(FACTORY_OS)));
    }

    @Test
    void signsTheRefusalOfAReleaseForAnotherClassNamingItsManifest() throws Exception {
        TestRelease foreign = TestRelease.signedFor(device.vendorKey, TestRelease.VENDOR, UUID.randomUUID(), 7, 3, APP);
        device.server.assign(12, foreign);
        VerificationKey identity;
        try (Agent agent = device.agent()) {
            identity = agent.identityKey();
            agent.runOnce();
        }

        InstallReport report = lastSignedReport(identity);
        assertThat(report.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("agent.wrong-class: "));
        assertThat(report.manifest()).isEqualTo(foreign.manifest());
        assertThat(report.result()).isInstanceOfSatisfying(ReportResult.Failure.class,
                failure -> assertThat(failure.record().section()).isEqualTo(3));
    }

    @Test
    void signsAReasonCutToWhatTheServerTakesJustAsTheReportCarriesIt() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        String longStory = "app does not start: " + "stack frame ".repeat(200);
        VerificationKey identity;
        try (Agent agent = device.agent(trial -> new HealthResult.Unhealthy(longStory))) {
            identity = agent.identityKey();
            agent.runOnce();
        }

        String sent = device.server.reportBodies().getLast().report().reason();
        assertThat(sent).hasSize(Report.MAX_REASON).startsWith("agent.health-check-failed: app does not start");
        assertThat(lastSignedReport(identity).reason()).contains(sent);
    }

    @Test
    void reportsADownloadThatMayPassAsRetryingUnsignedAndNeverAsFailure() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        byte[] corrupt = APP.content().clone();
        corrupt[1_234] ^= 0x01;
        device.server.replaceArtifact(APP.sha256Hex(), corrupt);
        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.DownloadFailed.class);
        }

        ReportBody retrying = device.server.reportBodies().getLast();
        assertThat(retrying.report().status()).isEqualTo("RETRYING");
        assertThat(retrying.report().reason()).startsWith(AgentErrors.IMAGE_DIGEST_MISMATCH.code() + ": ");
        assertThat(retrying.signedReport()).isNull();
        assertThat(device.reportStatuses()).doesNotContain("FAILURE");
        assertThat(new StateStore(device.dataDir).load().orElseThrow().pendingReport())
                .as("nothing final is kept to resend").isNull();
    }

    @Test
    void resendsTheSameSignedReportAfterARestart() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        device.server.failReports(3);
        try (Agent agent = device.agent()) {
            agent.runOnce();
        }
        String saved = new StateStore(device.dataDir).load().orElseThrow().pendingReport().signedReport();

        try (Agent restarted = device.agent()) {
            restarted.runOnce();
        }

        assertThat(device.server.reportBodies().getLast().signedReport()).isNotNull().isEqualTo(saved);
    }

    @Test
    void measuresTheFactoryImagesOnceAtTheFirstStart() throws Exception {
        device.agent().close();
        Map<String, ImageDigest> measured = new StateStore(device.dataDir).load().orElseThrow().images();
        assertThat(measured).isEqualTo(Map.of(
                "app", ImageDigest.of(FACTORY_APP.sha256(), FACTORY_APP.content().length),
                "os", ImageDigest.of(FACTORY_OS.sha256(), FACTORY_OS.content().length)));

        // Read again at a later start, a changed file would show a new digest: it is not read again.
        device.writeImage(SlotId.A, Image.of("app", "1.0.0", 5));
        device.agent().close();

        assertThat(new StateStore(device.dataDir).load().orElseThrow().images()).isEqualTo(measured);
    }
}
