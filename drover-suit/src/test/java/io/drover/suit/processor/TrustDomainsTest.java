package io.drover.suit.processor;

import static io.drover.suit.processor.ManifestBuilder.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.ComponentId;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.Vectors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.trust.TrustErrors;
import io.drover.suit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependencies and trust domains (draft-ietf-suit-trust-domains-11): the draft's examples (vectors/suit/
 * trust-domains-example*, signed by the manifest draft's example key) and Drover-made envelopes with an OEM and an
 * app vendor key.
 */
class TrustDomainsTest {
    private static final int INSTALL = 20;
    private static final int DEPENDENCY_RESOLUTION = 15;

    @TempDir
    Path root;

    private final SigningKey oem = SigningKey.generate(SignatureAlgorithm.ES256);
    private final SigningKey app = SigningKey.generate(SignatureAlgorithm.ED25519);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private SuitProcessor exampleProcessor(TestDevice device) {
        return SuitProcessor.builder(device, TrustPolicy.singleDomain(Vectors.exampleKey()), Clock.systemUTC()).build();
    }

    @Test
    void dependentFetchesAndProcessesItsDependencyThenInvokes() throws Exception {
        var device = new TestDevice(root)
                .serve("http://example.com/dependent.suit", Vectors.suit("trust-domains-example0_dependent"));
        SuitProcessor processor = exampleProcessor(device);

        Outcome update = processor.process(TestDevice.verifiedExample("trust-domains-example1_process"), Run.UPDATE);
        Outcome boot = processor.process(TestDevice.verifiedExample("trust-domains-example1_process"), Run.INVOKE);

        assertThat(update).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("00"))).hasValue(text("hello world"));
        assertThat(device.store.content(TestDevice.named("10"))).hasValue(text(" in multiple trust domains"));
        assertThat(update.report().records()).anySatisfy(r -> assertThat(r.manifestId()).containsExactly(1L));
        assertThat(boot).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.invocations()).singleElement().satisfies(i -> {
            assertThat(i.component()).isEqualTo(TestDevice.named("10"));
            assertThat(i.arguments()).hasValueSatisfying(a -> assertThat(a).isEqualTo(text("cat 00 10")));
        });
    }

    @Test
    void integratedDependencyIsTakenFromTheEnvelope() throws Exception {
        var device = new TestDevice(root);

        Outcome update = exampleProcessor(device)
                .process(TestDevice.verifiedExample("trust-domains-example2_integrated"), Run.UPDATE);

        assertThat(update).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("00"))).hasValue(text("hello world"));
    }

    @Test
    void libcsuitTrustDomainVariantsInstallAlike() throws Exception {
        // libcsuit's S2 (fetched dependency S0) and S3 (integrated) re-encode the trust-domains examples
        for (String name : new String[] {"libcsuit/suit_manifest_expS2", "libcsuit/suit_manifest_expS3"}) {
            Path folder = root.resolve(name.replace('/', '-'));
            var device = new TestDevice(folder)
                    .serve("http://example.com/dependent.suit", Vectors.suit("libcsuit/suit_manifest_expS0"));

            Outcome update = exampleProcessor(device).process(TestDevice.verifiedExample(name), Run.UPDATE);

            assertThat(update).as(name).isInstanceOf(Outcome.Completed.class);
            assertThat(device.store.content(TestDevice.named("00"))).as(name).hasValue(text("hello world"));
        }
    }

    @Test
    void teepTrustedComponentIsInstalledFromItsIntegratedPayload() throws Exception {
        // libcsuit expI: untagged envelope, payload "#tc" integrated, an uninstall (unlink) the update run does not use
        var device = new TestDevice(root, UUID.fromString("c0ddd5f1-5243-5660-87db-4f5b0aa26c2f"),
                UUID.fromString("db42f709-3d8c-55ba-a8c5-265fc5820f4e"));

        Outcome update = exampleProcessor(device)
                .process(TestDevice.verifiedExample("libcsuit/suit_manifest_expI"), Run.UPDATE);

        assertThat(update).isInstanceOf(Outcome.Completed.class);
        // the component id is ['TEEP-Device', 'SecureFS', <16-byte TA id>, 'ta'] (the .diag abbreviates it)
        ComponentRef ta = ((Outcome.Completed) update).committed().getFirst();
        assertThat(ta.id().displayName()).startsWith("h'544545502d446576696365'/h'5365637572654653'/").endsWith("/h'7461'");
        assertThat(device.store.content(ta)).hasValue(text("Hello, Secure World!"));
    }

    @Test
    void dependencyThatIsNotTheOneNamedIsRefused() throws Exception {
        var device = new TestDevice(root).serve("http://example.com/dependent.suit", Vectors.suit("example0-signed"));

        Outcome update = exampleProcessor(device)
                .process(TestDevice.verifiedExample("trust-domains-example1_process"), Run.UPDATE);

        assertThat(update).isInstanceOf(Outcome.Failed.class);
        assertThat(((ReportResult.Failure) update.report().result()).record().section())
                .isEqualTo(DEPENDENCY_RESOLUTION);
        assertThat(device.store.content(TestDevice.named("10"))).isEmpty();
    }

    private TrustPolicy oemAndAppPolicy() {
        return TrustPolicy.builder()
                .allow(oem.verificationKey(), ComponentId.named("bootloader"), ComponentId.named("os"))
                .allow(app.verificationKey(), ComponentId.named("app"))
                .build();
    }

    private byte[] appDependency(String component, String content) {
        return ManifestSigner.create(app).signManifest(new ManifestBuilder()
                .component(component)
                .manifestComponentId("app.suit")
                .sequence(INSTALL, 20, params(18, text(content)), 18, 15)
                .encode());
    }

    private byte[] oemRoot(byte[] dependency) {
        byte[] root = ManifestSigner.create(oem).signManifest(new ManifestBuilder()
                .component("os")
                .dependency(1, "app.suit")
                .sequence(DEPENDENCY_RESOLUTION, 12, 1,
                        20, params(3, ManifestBuilder.manifestDigestOf(dependency), 14, dependency.length,
                                21, "#app.suit"),
                        21, 2, 3, 15)
                .sequence(INSTALL, 12, 1, 20, params(3, ManifestBuilder.manifestDigestOf(dependency)), 7, 15, 11, 15,
                        12, 0, 20, params(18, text("os v2")), 18, 15)
                .encode());
        return ManifestBuilder.integrate(root, "#app.suit", dependency);
    }

    @Test
    void eachSignerWritesOnlyInsideItsOwnDomain() throws Exception {
        var device = new TestDevice(root);
        byte[] envelope = oemRoot(appDependency("app", "app v2"));

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(envelope, oem.verificationKey()), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("os"))).hasValue(text("os v2"));
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("app v2"));
    }

    @Test
    void dependencyTouchingAComponentOutsideItsSignersDomainIsRefusedBeforeAnythingIsWritten() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.named("bootloader"), text("bootloader v1"));
        device.store.install(TestDevice.named("os"), text("os v1"));
        byte[] envelope = oemRoot(appDependency("bootloader", "evil"));

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(envelope, oem.verificationKey()), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.OUTSIDE_DOMAIN);
        var failure = (ReportResult.Failure) outcome.report().result();
        assertThat(failure.reason()).isEqualTo(ReportReason.COMPONENT_UNAUTHORISED);
        assertThat(failure.record().componentIndex()).isEqualTo(1);
        assertThat(device.store.content(TestDevice.named("bootloader"))).hasValue(text("bootloader v1"));
        assertThat(device.store.content(TestDevice.named("os"))).hasValue(text("os v1"));
    }

    @Test
    void rootManifestOutsideItsSignersDomainIsRefused() throws Exception {
        var device = new TestDevice(root);
        byte[] envelope = ManifestSigner.create(app).signManifest(new ManifestBuilder()
                .component("os").sequence(INSTALL, 20, params(18, text("os by app")), 18, 15).encode());

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(envelope, app.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.OUTSIDE_DOMAIN);
        assertThat(device.store.content(TestDevice.named("os"))).isEmpty();
    }

    @Test
    void dependencyNamingItselfOtherThanItsPrefixIsRefused() throws Exception {
        var device = new TestDevice(root);
        byte[] dependency = ManifestSigner.create(app).signManifest(new ManifestBuilder()
                .component("app").manifestComponentId("other.suit")
                .sequence(INSTALL, 20, params(18, text("x")), 18, 15).encode());

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(oemRoot(dependency), oem.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.DEPENDENCY_REJECTED);
        assertThat(((Outcome.Failed) outcome).message()).contains("other.suit");
        assertThat(device.store.content(TestDevice.named("app"))).isEmpty();
    }

    @Test
    void isDependencyHoldsOnlyForADependencyIndex() throws Exception {
        var device = new TestDevice(root);
        byte[] dependency = appDependency("app", "app v2");
        byte[] envelope = ManifestSigner.create(oem).signManifest(new ManifestBuilder()
                .component("os").dependency(1, "app.suit")
                .sequence(INSTALL, 12, 1, 8, 15, 12, 0, 8, 15).encode());

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(ManifestBuilder.integrate(envelope, "#app.suit", dependency),
                        oem.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(((ReportResult.Failure) outcome.report().result()).record().componentIndex()).isZero();
        assertThat(outcome.report().records()).first().satisfies(r -> assertThat(r.componentIndex()).isEqualTo(1));
    }

    @Test
    void dependencySignedByAnUnknownKeyIsRefused() throws Exception {
        var device = new TestDevice(root);
        SigningKey stranger = SigningKey.generate(SignatureAlgorithm.ES256);
        byte[] dependency = ManifestSigner.create(stranger).signManifest(new ManifestBuilder()
                .component("app").sequence(INSTALL, 20, params(18, text("x")), 18, 15).encode());

        Outcome outcome = SuitProcessor.builder(device, oemAndAppPolicy(), Clock.systemUTC()).build()
                .process(TestDevice.verified(oemRoot(dependency), oem.verificationKey()), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(TrustErrors.DEPENDENCY_REJECTED);
        assertThat(device.store.content(TestDevice.named("app"))).isEmpty();
        assertThat(device.store.content(TestDevice.named("os"))).isEmpty();
    }
}
