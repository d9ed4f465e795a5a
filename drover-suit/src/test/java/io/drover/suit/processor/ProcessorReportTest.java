package io.drover.suit.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.Vectors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportSigner;
import io.drover.suit.report.ReportVerification;
import io.drover.suit.report.ReportVerifier;
import io.drover.suit.report.SuitRecord;
import io.drover.suit.trust.TrustPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the processor puts into a SUIT report, and that a device can sign it. */
class ProcessorReportTest {
    @TempDir
    Path root;

    @Test
    void failedSecureBootReportNamesTheManifestAndTheFailedConditionAndVerifiesWhenSigned() throws Exception {
        var device = new TestDevice(root);
        device.store.install(TestDevice.ref(0), new byte[] {1});
        SigningKey deviceKey = SigningKey.generate(SignatureAlgorithm.ES256);

        Outcome outcome = SuitProcessor.builder(device, TrustPolicy.singleDomain(Vectors.exampleKey()),
                Clock.systemUTC()).build().process(TestDevice.verifiedExample("example0-signed"), Run.INVOKE);

        var report = outcome.report();
        CBORObject digest = CBORObject.DecodeFromBytes(report.manifestDigest().encoded());
        assertThat(digest.get(0).AsInt32Value()).isEqualTo(-16);
        var failure = (ReportResult.Failure) report.result();
        assertThat(failure.reason()).isEqualTo(ReportReason.CONDITION_FAILED);
        assertThat(failure.code()).isEqualTo(ReportResult.FAILED);
        // validate is [condition-image-match 3, 15]: the command starts right after the one-byte array header
        assertThat(failure.record()).extracting(SuitRecord::section, SuitRecord::offset, SuitRecord::componentIndex)
                .containsExactly(7, 1L, 0L);
        // policy 15 asks for system information on failure: every parameter the component has
        assertThat(report.records()).last().satisfies(r -> assertThat(r.properties()).containsKeys(1, 2, 3, 14));

        byte[] signed = ReportSigner.create(deviceKey).sign(report);
        var verdict = ReportVerifier.create(List.of(deviceKey.verificationKey())).verify(signed);
        assertThat(((ReportVerification.Verified) verdict).report()).isEqualTo(report);
    }

    @Test
    void reportRecordsOnlyWhatThePolicyAsksFor() throws Exception {
        var device = new TestDevice(root).claim(TestDevice.ref(0), TestDevice.DUMMY_A);
        device.store.install(TestDevice.ref(0), new byte[34768]);

        Outcome outcome = SuitProcessor.builder(device, TrustPolicy.singleDomain(Vectors.exampleKey()),
                Clock.systemUTC()).build().process(TestDevice.verifiedExample("example0-signed"), Run.INVOKE);

        // example0: vendor and class conditions (15) in shared, image-match (15) in validate, invoke (2: failure only)
        assertThat(outcome.report().records()).extracting(SuitRecord::section).containsExactly(4, 4, 7, 4, 4);
    }
}
