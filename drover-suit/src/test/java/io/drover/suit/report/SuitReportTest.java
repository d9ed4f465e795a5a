package io.drover.suit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SUIT_Report encoding (draft-ietf-suit-report-18 CDDL), device signatures and their verification. */
class SuitReportTest {
    private final SigningKey device = SigningKey.generate(SignatureAlgorithm.ES256);

    private static CborBytes cbor(CBORObject item) {
        return new CborBytes(item.EncodeToBytes());
    }

    private static SuitReport failedReport() {
        var record = new SuitRecord(List.of(1L), 20, 17, 2,
                Map.of(3, cbor(CBORObject.FromObject(new byte[] {1, 2})), 14, cbor(CBORObject.FromObject(34768))));
        return new SuitReport("https://example.com/manifest.suit",
                cbor(CBORObject.NewArray().Add(-16).Add(new byte[32])), Optional.of(cbor(CBORObject.FromObject(
                        new byte[] {9, 9}))), List.of(record),
                new ReportResult.Failure(ReportResult.FAILED, record, ReportReason.CONDITION_FAILED));
    }

    @Test
    void signedReportVerifiesAndDecodesToTheSameReport() {
        SuitReport report = failedReport();
        byte[] signed = ReportSigner.create(device).sign(report);

        ReportVerification verdict = ReportVerifier.create(List.of(device.verificationKey())).verify(signed);

        assertThat(verdict).isEqualTo(new ReportVerification.Verified(report, device.verificationKey()));
    }

    @Test
    void successReportRoundTrips() {
        var report = new SuitReport("", cbor(CBORObject.NewArray().Add(-16).Add(new byte[32])), Optional.empty(),
                List.of(), new ReportResult.Success());

        var verdict = ReportVerifier.create(List.of(device.verificationKey()))
                .verify(ReportSigner.create(device).sign(report));

        assertThat(((ReportVerification.Verified) verdict).report().succeeded()).isTrue();
    }

    @Test
    void encodingIsDeterministicWithKeysInCanonicalOrder() {
        byte[] first = ReportSigner.encode(failedReport());
        byte[] second = ReportSigner.encode(failedReport());

        assertThat(first).isEqualTo(second);
        CBORObject map = CBORObject.DecodeFromBytes(first);
        assertThat(map.getKeys()).extracting(CBORObject::AsInt32Value).containsExactly(2, 3, 4, 99);
        assertThat(CBORObject.DecodeFromBytes(first).EncodeToBytes(
                new com.upokecenter.cbor.CBOREncodeOptions("ctap2canonical=true"))).isEqualTo(first);
    }

    @Test
    void tamperedReportIsRejected() {
        byte[] signed = ReportSigner.create(device).sign(failedReport());
        CBORObject message = CBORObject.DecodeFromBytes(signed);
        byte[] payload = message.get(2).GetByteString();
        payload[payload.length - 1] ^= 1; // the last byte of the manifest digest in suit-reference
        message.set(2, CBORObject.FromObject(payload));

        var verdict = ReportVerifier.create(List.of(device.verificationKey())).verify(message.EncodeToBytes());

        assertThat(verdict).isInstanceOf(ReportVerification.Rejected.class);
        assertThat(((ReportVerification.Rejected) verdict).reason()).isEqualTo(ReportErrors.BAD_SIGNATURE);
    }

    @Test
    void reportSignedByAnotherDeviceIsRejected() {
        byte[] signed = ReportSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519)).sign(failedReport());

        assertThat(ReportVerifier.create(List.of(device.verificationKey())).verify(signed))
                .isInstanceOf(ReportVerification.Rejected.class);
    }

    @Test
    void bytesThatAreNoSignedReportAreMalformed() {
        assertThatThrownBy(() -> ReportVerifier.create(List.of(device.verificationKey())).verify(new byte[] {1}))
                .isInstanceOf(DroverException.class)
                .extracting(e -> ((DroverException) e).errorCode()).isEqualTo(ReportErrors.MALFORMED);
    }

    @Test
    void nonceAddedByTheAgentTravelsSigned() {
        var report = new SuitReport("", cbor(CBORObject.NewArray().Add(-16).Add(new byte[32])), Optional.empty(),
                List.of(), new ReportResult.Success()).withNonce(new byte[] {4, 2});

        var verdict = (ReportVerification.Verified) ReportVerifier.create(List.of(device.verificationKey()))
                .verify(ReportSigner.create(device).sign(report));

        assertThat(verdict.report().nonce()).hasValue(cbor(CBORObject.FromObject(new byte[] {4, 2})));
    }
}
