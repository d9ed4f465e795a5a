package io.drover.suit.processor;

import static io.drover.suit.processor.ManifestBuilder.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.internal.SuitDigest;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.ReportResult;
import io.drover.suit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands the public examples do not exercise, on manifests built for the purpose. */
class CommandsTest {
    private static final int INSTALL = 20;
    private static final int SHARED = 4;
    private static final int VALIDATE = 7;

    @TempDir
    Path root;

    private final SigningKey vendor = SigningKey.generate(SignatureAlgorithm.ES256);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digestParameter(byte[] image) {
        return SuitDigest.sha256Of(image).EncodeToBytes();
    }

    private Outcome run(Platform device, ConditionProvider conditions, ManifestBuilder manifest, Run run) {
        byte[] envelope = ManifestSigner.create(vendor).signManifest(manifest.encode());
        return SuitProcessor.builder(device, TrustPolicy.singleDomain(vendor.verificationKey()), Clock.systemUTC())
                .conditions(conditions).build()
                .process(TestDevice.verified(envelope, vendor.verificationKey()), run);
    }

    private Outcome run(Platform device, ManifestBuilder manifest) {
        return run(device, new ConditionProvider() {
        }, manifest, Run.UPDATE);
    }

    @Test
    void swapExchangesTwoSlotsOnlyOnCommit() throws Exception {
        var device = new TestDevice(root);
        var a = new ComponentRef(TestDevice.named("app").id(), OptionalLong.of(0));
        var b = new ComponentRef(TestDevice.named("app").id(), OptionalLong.of(1));
        device.store.install(a, text("old"));
        device.store.install(b, text("new"));

        // component 0 is slot 0 of "app", component 1 slot 1; swap, then check the content that would result
        Outcome outcome = run(device, new ManifestBuilder().component("app").component("app")
                .sequence(INSTALL, 12, 0, 20, params(5, 0, 22, 1), 12, 1, 20, params(5, 1),
                        12, 0, 31, 15, 20, params(18, text("new")), 6, 15,
                        12, 1, 20, params(18, text("old")), 6, 15));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(a)).hasValue(text("new"));
        assertThat(device.store.content(b)).hasValue(text("old"));
    }

    @Test
    void checkContentFailsOnDifferentContent() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.named("config"), text("mode=a"));

        Outcome outcome = run(device, new ManifestBuilder().component("config")
                .sequence(INSTALL, 20, params(18, text("mode=b")), 6, 15));

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
    }

    @Test
    void imageNotMatchSkipsAnUpdateAlreadyInstalled() throws Exception {
        var device = new TestDevice(root).serve("https://cdn.example/app.bin", text("v2"));
        device.store.install(TestDevice.named("app"), text("v2"));

        // try-each: fetch only if the image differs, else nothing (the nil alternative)
        byte[] fetch = CBORObject.NewArray().Add(25).Add(15).Add(21).Add(2).Add(3).Add(15).EncodeToBytes();
        Outcome outcome = run(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(3, digestParameter(text("v2")), 21, "https://cdn.example/app.bin"),
                        15, CBORObject.NewArray().Add(fetch).Add(CBORObject.Null)));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(((Outcome.Completed) outcome).committed()).isEmpty();
    }

    @Test
    void deviceIdentifierMustBeThisDevice() throws Exception {
        UUID id = UUID.randomUUID();
        var store = FileComponentStore.create(root, uri -> null, TestDevice.VENDOR, TestDevice.CLASS, Optional.of(id));
        byte[] other = new byte[16];

        Outcome outcome = run(store, new ManifestBuilder().component("app")
                .sequence(SHARED, 20, params(24, other), 24, 15).sequence(VALIDATE, 12, 0));

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(((ReportResult.Failure) outcome.report().result()).record().properties())
                .containsEntry(24, new CborBytes(CBORObject.FromObject(other).EncodeToBytes()));
    }

    @Test
    void indexListSelectsSeveralComponents() throws Exception {
        var device = new TestDevice(root);

        Outcome outcome = run(device, new ManifestBuilder().component("a").component("b").component("c")
                .sequence(INSTALL, 12, CBORObject.NewArray().Add(0).Add(2), 20, params(18, text("x")), 18, 15));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("a"))).hasValue(text("x"));
        assertThat(device.store.content(TestDevice.named("b"))).isEmpty();
        assertThat(device.store.content(TestDevice.named("c"))).hasValue(text("x"));
    }

    @Test
    void applicationDefinedWaitIsAnsweredByTheDevice() throws Exception {
        int inDepot = -257;
        byte[] waitInfo = CBORObject.NewOrderedMap().Add(inDepot, true).EncodeToBytes();
        var manifest = new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(29, waitInfo, 18, text("v2")), 29, 15, 18, 15);
        ConditionProvider inTheField = new ConditionProvider() {
        };
        ConditionProvider inTheDepot = new ConditionProvider() {
            @Override
            public boolean holds(WaitEvent event) {
                return event.label() == inDepot;
            }
        };

        assertThat(run(new TestDevice(root.resolve("field")), inTheField, manifest, Run.UPDATE))
                .isInstanceOf(Outcome.Deferred.class);
        var device = new TestDevice(root.resolve("depot"));
        assertThat(run(device, inTheDepot, manifest, Run.UPDATE)).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(text("v2"));
    }

    @Test
    void failedTryEachAlternativeLeavesNothingStaged() throws Exception {
        var device = new TestDevice(root).serve("https://cdn.example/app.bin", text("tampered"));
        var slot0 = new ComponentRef(TestDevice.named("app").id(), OptionalLong.of(0));
        var slot1 = new ComponentRef(TestDevice.named("app").id(), OptionalLong.of(1));
        byte[] fetchIntoSlot0 = CBORObject.NewArray().Add(20).Add(params(5, 0)).Add(21).Add(2).Add(3).Add(15)
                .EncodeToBytes();
        byte[] writeIntoSlot1 = CBORObject.NewArray().Add(20).Add(params(5, 1, 18, text("v2"))).Add(18).Add(2)
                .EncodeToBytes();

        Outcome outcome = run(device, new ManifestBuilder().component("app")
                .sequence(INSTALL, 20, params(3, digestParameter(text("genuine")), 21, "https://cdn.example/app.bin"),
                        15, CBORObject.NewArray().Add(fetchIntoSlot0).Add(writeIntoSlot1)));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(((Outcome.Completed) outcome).committed()).containsExactly(slot1);
        assertThat(device.store.content(slot0)).isEmpty();
        assertThat(device.store.content(slot1)).hasValue(text("v2"));
    }
}
