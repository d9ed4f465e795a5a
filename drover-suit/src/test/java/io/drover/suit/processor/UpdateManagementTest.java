package io.drover.suit.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.Vectors;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.SuitRecord;
import io.drover.suit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Update management (draft-ietf-suit-update-management-14) with libcsuit's examples U0-U3
 * (vectors/suit/libcsuit/suit_manifest_expU*.md, signed by the manifest draft's example key).
 */
class UpdateManagementTest {
    private static final Instant BEFORE_2016_DEADLINE = Instant.parse("2016-01-01T00:00:00Z");
    private static final Instant OCTOBER_2022 = Instant.parse("2022-10-01T00:00:00Z");
    private static final int PAYLOAD_FETCH = 16;

    @TempDir
    Path root;

    /** A device that answers update-management conditions from fields a test sets. */
    private static final class Answers implements ConditionProvider {
        long battery = 100;
        boolean authorized = true;
        Set<Integer> holding = Set.of(WaitEvent.AUTHORIZATION, WaitEvent.POWER, WaitEvent.NETWORK);

        @Override
        public OptionalLong batteryLevel() {
            return OptionalLong.of(battery);
        }

        @Override
        public boolean updateAuthorized(long priority) {
            return authorized;
        }

        @Override
        public boolean holds(WaitEvent event) {
            return holding.contains(event.label());
        }
    }

    private final Answers answers = new Answers();

    private SuitProcessor processor(Platform device, Instant now) {
        return SuitProcessor.builder(device, TrustPolicy.singleDomain(Vectors.exampleKey()),
                Clock.fixed(now, ZoneOffset.UTC)).conditions(answers).build();
    }

    private static Outcome.Failed failed(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        return (Outcome.Failed) outcome;
    }

    private static SuitRecord failedRecord(Outcome outcome) {
        return ((ReportResult.Failure) outcome.report().result()).record();
    }

    private TestDevice u0Device(List<Long> version0, List<Long> version1) throws Exception {
        var device = new TestDevice(root);
        device.store.setVersion(TestDevice.ref(0).id(), version0);
        device.store.setVersion(TestDevice.ref(1).id(), version1);
        return device;
    }

    @Test
    void copiedParametersSatisfyEveryConditionBeforeTheDeadline() throws Exception {
        var device = u0Device(List.of(1L, 0L), List.of(1L, 0L, 1L));

        Outcome outcome = processor(device, OCTOBER_2022)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU0"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void useBeforeInThePastFailsOnTheFirstComponent() throws Exception {
        var device = u0Device(List.of(1L, 0L), List.of(1L, 0L, 1L));

        Outcome outcome = processor(device, Instant.now())
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU0"), Run.UPDATE);

        assertThat(failed(outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(failedRecord(outcome).componentIndex()).isZero();
        assertThat(failedRecord(outcome).properties()).containsOnlyKeys(4);
    }

    @Test
    void versionNotBelowTheLimitFailsOnThatComponent() throws Exception {
        var device = u0Device(List.of(1L, 0L), List.of(1L, 0L, 2L));

        Outcome outcome = processor(device, OCTOBER_2022)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU0"), Run.UPDATE);

        assertThat(failed(outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(failedRecord(outcome).componentIndex()).isEqualTo(1);
        assertThat(failedRecord(outcome).properties()).containsOnlyKeys(28);
    }

    @Test
    void lowBatteryFailsTheMinimumBatteryCondition() throws Exception {
        answers.battery = 5;

        Outcome outcome = processor(u0Device(List.of(1L, 0L), List.of(1L, 0L, 1L)), OCTOBER_2022)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU0"), Run.UPDATE);

        assertThat(failedRecord(outcome).properties()).containsOnlyKeys(26);
    }

    @Test
    void waitCompletesWhenPowerAuthorizationAndTimeOfDayHold() throws Exception {
        Outcome outcome = processor(new TestDevice(root), Instant.parse("2026-11-28T23:30:00Z"))
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU1"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void waitBeforeTheTimeOfDayIsDeferredNotFailed() throws Exception {
        Outcome outcome = processor(new TestDevice(root), Instant.parse("2026-11-28T12:00:00Z"))
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU1"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Deferred.class);
        assertThat(((Outcome.Deferred) outcome).reason()).contains("wait event 6");
        var failure = (ReportResult.Failure) outcome.report().result();
        assertThat(failure.code()).isEqualTo(ReportResult.DEFERRED);
        assertThat(failure.record().componentIndex()).isEqualTo(1);
    }

    private TestDevice u2Device() throws Exception {
        var device = new TestDevice(root)
                .serve("http://example.com/file.bin", Vectors.hex("suit/libcsuit/raw_image.bin.hex"));
        device.store.install(TestDevice.ref(0), new byte[] {1, 2, 3});
        device.store.setVersion(TestDevice.ref(0).id(), List.of(0L, 9L));
        return device;
    }

    @Test
    void useBeforeOf2016FailsWithACurrentClockAndLeavesTheImageAsItWas() throws Exception {
        TestDevice device = u2Device();

        Outcome outcome = processor(device, Instant.now())
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU2"), Run.UPDATE);

        assertThat(failed(outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(failed(outcome).message()).contains("1465948799");
        assertThat(failedRecord(outcome).section()).isEqualTo(7);
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(new byte[] {1, 2, 3});
    }

    @Test
    void updateWithinItsDeadlineInstallsAndRecordsTheSetVersion() throws Exception {
        TestDevice device = u2Device();

        Outcome outcome = processor(device, BEFORE_2016_DEADLINE)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU2"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(((Outcome.Completed) outcome).setVersion()).hasValue(List.of(1L, 0L, 0L));
        assertThat(device.store.content(TestDevice.ref(0)))
                .hasValue(Vectors.hex("suit/libcsuit/raw_image.bin.hex"));
    }

    @Test
    void waitForExternalPowerThatIsAbsentDefersWithoutFetching() throws Exception {
        TestDevice device = u2Device();
        answers.holding = Set.of();

        Outcome outcome = processor(device, BEFORE_2016_DEADLINE)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU2"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Deferred.class);
        assertThat(failedRecord(outcome).section()).isEqualTo(PAYLOAD_FETCH);
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(new byte[] {1, 2, 3});
    }

    @Test
    void installedVersionNotBelowTheManifestsLimitIsRefused() throws Exception {
        TestDevice device = u2Device();
        device.store.setVersion(TestDevice.ref(0).id(), List.of(1L, 0L, 0L));

        Outcome outcome = processor(device, BEFORE_2016_DEADLINE)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU2"), Run.UPDATE);

        assertThat(failed(outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(failedRecord(outcome).properties()).containsOnlyKeys(28);
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(new byte[] {1, 2, 3});
    }

    @Test
    void componentMetadataExampleWritesTheDirectoryLinkAndBinary() throws Exception {
        byte[] image = Vectors.hex("suit/libcsuit/raw_image.bin.hex");
        var device = new TestDevice(root).serve("https://cdn.example/example3.bin", image);

        Outcome outcome = processor(device, Instant.now())
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expU3"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("usr", "local", "bin", "example3"))).hasValue(image);
        assertThat(device.store.content(TestDevice.named("usr", "bin", "example")))
                .hasValue("/usr/local/bin/example3".getBytes(StandardCharsets.UTF_8));
    }
}
