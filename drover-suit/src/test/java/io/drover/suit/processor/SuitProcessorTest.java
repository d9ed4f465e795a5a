package io.drover.suit.processor;

import static io.drover.suit.processor.ManifestBuilder.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ComponentId;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import io.drover.suit.Verification;
import io.drover.suit.internal.SuitDigest;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.trust.TrustErrors;
import io.drover.suit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drover-made envelopes end to end, multiple signers, and manifests the processor must refuse. */
class SuitProcessorTest {
    private static final int INSTALL = 20;

    @TempDir
    Path root;

    private final SigningKey vendor = SigningKey.generate(SignatureAlgorithm.ES256);
    private final SigningKey operator = SigningKey.generate(SignatureAlgorithm.ED25519);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private UpdateSpec spec(byte[] os, byte[] app) throws Exception {
        return new UpdateSpec(TestDevice.VENDOR, TestDevice.CLASS, 7, List.of(
                new ImageSpec("os", "2.0.0", sha256(os), os.length, "https://cdn.example/os.bin"),
                new ImageSpec("app", "1.1.0", sha256(app), app.length, "https://cdn.example/app.bin")));
    }

    private SuitProcessor processor(TestDevice device, TrustPolicy policy) {
        return SuitProcessor.builder(device, policy, Clock.systemUTC()).build();
    }

    @Test
    void droverEnvelopeInstallsEveryComponent() throws Exception {
        byte[] os = text("os image 2.0.0");
        byte[] app = text("app image 1.1.0");
        var device = new TestDevice(root).serve("https://cdn.example/os.bin", os).serve("https://cdn.example/app.bin", app);
        byte[] envelope = ManifestSigner.create(vendor).sign(spec(os, app));

        Outcome outcome = processor(device, TrustPolicy.singleDomain(vendor.verificationKey()))
                .process(TestDevice.verified(envelope, vendor.verificationKey()), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(((Outcome.Completed) outcome).committed())
                .containsExactly(TestDevice.named("os"), TestDevice.named("app"));
        assertThat(device.store.content(TestDevice.named("os"))).hasValue(os);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(app);
    }

    @Test
    void tamperedPayloadFailsImageMatchAndNoComponentChanges() throws Exception {
        byte[] os = text("os image 2.0.0");
        byte[] app = text("app image 1.1.0");
        var device = new TestDevice(root).serve("https://cdn.example/os.bin", os)
                .serve("https://cdn.example/app.bin", text("app image 6.6.6"));
        device.store.install(TestDevice.named("os"), text("os 1"));
        device.store.install(TestDevice.named("app"), text("app 1"));
        byte[] envelope = ManifestSigner.create(vendor).sign(spec(os, app));

        Outcome outcome = processor(device, TrustPolicy.singleDomain(vendor.verificationKey()))
                .process(TestDevice.verified(envelope, vendor.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(((ReportResult.Failure) outcome.report().result()).record().componentIndex()).isEqualTo(1);
        assertThat(device.store.content(TestDevice.named("os"))).hasValue(text("os 1"));
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("app 1"));
    }

    @Test
    void policyRequiringTwoSignersAcceptsAnEnvelopeSignedByBoth() throws Exception {
        byte[] os = text("os");
        byte[] app = text("app");
        var device = new TestDevice(root).serve("https://cdn.example/os.bin", os).serve("https://cdn.example/app.bin", app);
        var policy = TrustPolicy.builder().allow(vendor.verificationKey(), new ComponentId(List.of()))
                .require(vendor.verificationKey()).require(operator.verificationKey()).build();
        byte[] envelope = ManifestSigner.create(List.of(vendor, operator)).sign(spec(os, app));
        var verified = TestDevice.verified(envelope, vendor.verificationKey(), operator.verificationKey());

        assertThat(EnvelopeVerifier.create(policy.trustedKeys()).signers(verified))
                .containsExactlyInAnyOrder(vendor.verificationKey(), operator.verificationKey());
        assertThat(processor(device, policy).process(verified, Run.UPDATE)).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void policyRequiringTwoSignersRefusesAnEnvelopeSignedByOne() throws Exception {
        byte[] os = text("os");
        byte[] app = text("app");
        var device = new TestDevice(root).serve("https://cdn.example/os.bin", os).serve("https://cdn.example/app.bin", app);
        var policy = TrustPolicy.builder().allow(vendor.verificationKey(), new ComponentId(List.of()))
                .require(vendor.verificationKey()).require(operator.verificationKey()).build();
        byte[] envelope = ManifestSigner.create(vendor).sign(spec(os, app));

        Outcome outcome = processor(device, policy)
                .process(TestDevice.verified(envelope, vendor.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.OUTSIDE_DOMAIN);
        assertThat(((Outcome.Failed) outcome).message()).contains(operator.verificationKey().keyId());
        assertThat(device.store.content(TestDevice.named("os"))).isEmpty();
    }

    private Outcome runSigned(TestDevice device, byte[] manifest) {
        byte[] envelope = ManifestSigner.create(vendor).signManifest(manifest);
        return processor(device, TrustPolicy.singleDomain(vendor.verificationKey()))
                .process(TestDevice.verified(envelope, vendor.verificationKey()), Run.UPDATE);
    }

    @Test
    void unknownCommandRefusesTheManifestBeforeAnythingRuns() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.named("app"), text("v1"));

        Outcome outcome = runSigned(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(18, text("v2")), 18, 15, 99, 15).encode());

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.UNSUPPORTED_COMMAND);
        assertThat(((Outcome.Failed) outcome).message()).contains("99");
        assertThat(((ReportResult.Failure) outcome.report().result()).reason())
                .isEqualTo(ReportReason.COMMAND_UNSUPPORTED);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("v1"));
    }

    @Test
    void unknownCommandNestedInTryEachIsRefusedToo() throws Exception {
        var device = new TestDevice(root);
        byte[] alternative = CBORObject.NewArray().Add(-7).Add(15).EncodeToBytes();

        Outcome outcome = runSigned(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 15, CBORObject.NewArray().Add(alternative).Add(
                        CBORObject.Null)).encode());

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.UNSUPPORTED_COMMAND);
    }

    @Test
    void abortStopsTheRunAndDiscardsWhatWasWritten() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.named("app"), text("v1"));

        Outcome outcome = runSigned(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(18, text("v2")), 18, 15, 14, 15).encode());

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.ABORTED);
        assertThat(outcome.report().records()).hasSize(2);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("v1"));
    }

    @Test
    void fetchedImageWithoutAnImageMatchIsNeverCommitted() throws Exception {
        byte[] image = text("fetched");
        var device = new TestDevice(root).serve("https://cdn.example/app.bin", image);
        device.store.install(TestDevice.named("app"), text("v1"));
        byte[] digest = SuitDigest.sha256Of(image).EncodeToBytes();

        Outcome outcome = runSigned(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(3, digest, 21, "https://cdn.example/app.bin"), 21, 15).encode());

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.UNVERIFIED_WRITE);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("v1"));
    }

    @Test
    void conditionOnAnotherVendorFailsWithTheComponentIndex() throws Exception {
        var device = new TestDevice(root);

        Outcome outcome = runSigned(device, new ManifestBuilder().component("os").component("app")
                .sequence(INSTALL, 12, 1, 20, params(1, new byte[16]), 1, 15).encode());

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(((ReportResult.Failure) outcome.report().result()).record().componentIndex()).isEqualTo(1);
    }

    @Test
    void verifiedEnvelopeFromAnotherVerifierStillNeedsAPolicySigner() throws Exception {
        var device = new TestDevice(root);
        byte[] envelope = ManifestSigner.create(operator).signManifest(new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(18, text("v2")), 18, 15).encode());
        Verification.Verified verified = TestDevice.verified(envelope, operator.verificationKey());

        Outcome outcome = processor(device, TrustPolicy.singleDomain(vendor.verificationKey())).process(verified,
                Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.OUTSIDE_DOMAIN);
    }
}
