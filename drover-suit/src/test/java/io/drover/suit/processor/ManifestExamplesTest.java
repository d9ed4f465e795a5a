package io.drover.suit.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.SuitErrors;
import io.drover.suit.Vectors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.trust.TrustPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of draft-ietf-suit-manifest-37 (appendix, vectors/suit/example0..5, see vectors/suit/README.md)
 * run on a file-backed device. Their image digests are dummies, so runs past image-match let the device claim them.
 */
class ManifestExamplesTest {
    private static final int VALIDATE = 7;
    private static final int INSTALL = 20;
    private static final String EXAMPLE2_URI = "http://example.com/very/long/path/to/file/file.bin";

    @TempDir
    Path root;

    private SuitProcessor processor(TestDevice device) {
        return SuitProcessor.builder(device, TrustPolicy.singleDomain(Vectors.exampleKey()), Clock.systemUTC()).build();
    }

    private static byte[] image(int size, int seed) {
        byte[] image = new byte[size];
        Arrays.fill(image, (byte) seed);
        return image;
    }

    @Test
    void secureBootRefusesAnImageThatDoesNotMatchAndInvokesNothing() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.ref(0), image(34768, 1));

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example0-signed"), Run.INVOKE);

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        var failure = (ReportResult.Failure) outcome.report().result();
        assertThat(failure.reason()).isEqualTo(ReportReason.CONDITION_FAILED);
        assertThat(failure.record().componentIndex()).isZero();
        assertThat(failure.record().section()).isEqualTo(VALIDATE);
        assertThat(failure.record().properties()).containsKeys(3, 14);
        assertThat(device.store.invocations()).isEmpty();
    }

    @Test
    void secureBootInvokesTheImageWhoseDigestMatches() throws Exception {
        var device = new TestDevice(root).claim(TestDevice.ref(0), TestDevice.DUMMY_A);
        device.store.install(TestDevice.ref(0), image(34768, 1));

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example0-signed"), Run.INVOKE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(outcome.report().succeeded()).isTrue();
        assertThat(device.store.invocations()).extracting(FileComponentStore.Invocation::component)
                .containsExactly(TestDevice.ref(0));
        // example0's invoke reports on failure only (policy 2), its conditions on everything (15)
        assertThat(outcome.report().records()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.section()).isIn(4, 7));
    }

    @Test
    void downloadThatFailsImageMatchLeavesTheComponentUntouched() throws Exception {
        var device = new TestDevice(root).serve("http://example.com/file.bin", image(34768, 2));
        device.store.install(TestDevice.ref(0), image(10, 9));

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example1-signed"), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        var failure = (ReportResult.Failure) outcome.report().result();
        assertThat(failure.record().section()).isEqualTo(INSTALL);
        assertThat(failure.record().componentIndex()).isZero();
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(image(10, 9));
    }

    @Test
    void downloadAndInstallCommitsTheFetchedImage() throws Exception {
        var device = new TestDevice(root).serve("http://example.com/file.bin", image(34768, 2))
                .claim(TestDevice.ref(0), TestDevice.DUMMY_A);

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example1-signed"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(((Outcome.Completed) outcome).committed()).containsExactly(TestDevice.ref(0));
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(image(34768, 2));
    }

    @Test
    void severedInstallThatWasNotSuppliedIsReportedMissing() throws Exception {
        var device = new TestDevice(root).serve(EXAMPLE2_URI, image(34768, 2));

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example2-signed-severed"), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.MEMBER_MISSING);
        assertThat(((ReportResult.Failure) outcome.report().result()).reason())
                .isEqualTo(ReportReason.SEVERING_UNSUPPORTED);
        assertThat(device.store.content(TestDevice.ref(0))).isEmpty();
    }

    @Test
    void severedInstallSuppliedApartIsDigestCheckedAndRun() throws Exception {
        var device = new TestDevice(root).serve(EXAMPLE2_URI, image(34768, 2))
                .claim(TestDevice.ref(0), TestDevice.DUMMY_A);
        byte[] install = SeveredMembers.body(Vectors.suit("example2-signed-full"), INSTALL);

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example2-signed-severed"), Run.UPDATE,
                Map.of(INSTALL, install));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(image(34768, 2));
    }

    @Test
    void severedInstallWhoseDigestDoesNotMatchIsRefusedBeforeItRuns() throws Exception {
        var device = new TestDevice(root).serve(EXAMPLE2_URI, image(34768, 2))
                .claim(TestDevice.ref(0), TestDevice.DUMMY_A);
        byte[] install = SeveredMembers.body(Vectors.suit("example2-signed-full"), INSTALL);
        install[install.length - 1] ^= 1;

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example2-signed-severed"), Run.UPDATE,
                Map.of(INSTALL, install));

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(SuitErrors.DIGEST_MISMATCH);
        assertThat(device.store.content(TestDevice.ref(0))).isEmpty();
    }

    @Test
    void tryEachInstallsIntoTheSlotTheDeviceOffers() throws Exception {
        var slot1 = new ComponentRef(TestDevice.ref(0).id(), OptionalLong.of(1));
        var device = new TestDevice(root)
                .serve("http://example.com/file1.bin", image(34768, 1))
                .serve("http://example.com/file2.bin", image(76834, 2))
                .claim(slot1, TestDevice.DUMMY_B);
        device.store.installSlot(TestDevice.ref(0).id(), 1);

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example3-signed"), Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(slot1)).hasValue(image(76834, 2));
        assertThat(device.store.content(new ComponentRef(TestDevice.ref(0).id(), OptionalLong.of(0)))).isEmpty();
    }

    @Test
    void tryEachFailsWhenNoAlternativeHolds() throws Exception {
        var device = new TestDevice(root);
        device.store.installSlot(TestDevice.ref(0).id(), 7);

        Outcome outcome = processor(device).process(TestDevice.verifiedExample("example3-signed"), Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(((ReportResult.Failure) outcome.report().result()).record().properties()).containsKey(5);
    }

    @Test
    void loadFromExternalStorageCopiesThenInvokesTheLoadedImage() throws Exception {
        var device = new TestDevice(root).serve("http://example.com/file.bin", image(34768, 3))
                .claim(TestDevice.ref(0), TestDevice.DUMMY_A)
                .claim(TestDevice.ref(2), TestDevice.DUMMY_A)
                .claim(TestDevice.ref(1), TestDevice.DUMMY_B);
        SuitProcessor processor = processor(device);

        Outcome update = processor.process(TestDevice.verifiedExample("example4-signed"), Run.UPDATE);
        assertThat(update).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.ref(2))).hasValue(image(34768, 3));
        assertThat(device.store.content(TestDevice.ref(0))).hasValue(image(34768, 3));

        // load copies [00] to [01] and checks it against a second digest with another size: claim it, sized alike
        Outcome boot = processor.process(TestDevice.verifiedExample("example4-signed"), Run.INVOKE);
        assertThat(boot).isInstanceOf(Outcome.Failed.class);
        var failure = (ReportResult.Failure) boot.report().result();
        assertThat(failure.record().section()).isEqualTo(8);
        assertThat(failure.record().componentIndex()).isEqualTo(2);
        assertThat(device.store.content(TestDevice.ref(1))).isEmpty();
        assertThat(device.store.invocations()).isEmpty();
    }

    @Test
    void twoImagesAreFetchedAndTheFirstInvoked() throws Exception {
        var device = new TestDevice(root)
                .serve("http://example.com/file1.bin", image(34768, 1))
                .serve("http://example.com/file2.bin", image(76834, 2))
                .claim(TestDevice.ref(0), TestDevice.DUMMY_A)
                .claim(TestDevice.ref(1), TestDevice.DUMMY_B);
        SuitProcessor processor = processor(device);

        assertThat(processor.process(TestDevice.verifiedExample("example5-signed"), Run.UPDATE))
                .isInstanceOf(Outcome.Completed.class);
        assertThat(processor.process(TestDevice.verifiedExample("example5-signed"), Run.INVOKE))
                .isInstanceOf(Outcome.Completed.class);

        assertThat(device.store.content(TestDevice.ref(1))).hasValue(image(76834, 2));
        assertThat(device.store.invocations()).extracting(FileComponentStore.Invocation::component)
                .containsExactly(TestDevice.ref(0));
    }
}
