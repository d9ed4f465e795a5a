package io.drover.suit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.UpdateSpec;
import io.drover.suit.ImageSpec;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drover's install report: a SUIT_Report with text-keyed extensions, signed by the device and read back. */
class InstallReportTest {
    private static final String SHA_OLD = "11".repeat(32);
    private static final String SHA_NEW = "22".repeat(32);
    private static final Map<String, InventoryEntry> BEFORE = Map.of(
            "app", new InventoryEntry("1.0.0", Optional.of(new InventoryEntry.Image(SHA_OLD, 30_000))),
            "os", new InventoryEntry("4.0", Optional.empty()));
    private static final Map<String, InventoryEntry> AFTER = Map.of(
            "app", new InventoryEntry("1.1.0", Optional.of(new InventoryEntry.Image(SHA_NEW, 10_000))),
            "os", new InventoryEntry("4.0", Optional.empty()));

    private final SigningKey device = SigningKey.generate(SignatureAlgorithm.ED25519);
    private final SuitEnvelope envelope = SuitEnvelope.decode(ManifestSigner.create(
            SigningKey.generate(SignatureAlgorithm.ES256)).sign(new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 3,
            List.of(new ImageSpec("app", "1.1.0", new byte[32], 10_000, "/device/v1/artifacts/" + SHA_NEW)))));

    private InstallReport success() {
        return new InstallReport("dev-1", 12, 7, Instant.parse("2026-11-28T12:00:00.123456Z"),
                ManifestReference.of(envelope), new ReportResult.Success(), Optional.empty(), BEFORE, AFTER);
    }

    private InstallReport failure() {
        var record = new SuitRecord(List.of(), 7, 0, 0, Map.of());
        return new InstallReport("dev-1", 12, 7, Instant.parse("2026-11-28T12:00:00Z"), ManifestReference.of(envelope),
                new ReportResult.Failure(ReportResult.FAILED, record, ReportReason.CONDITION_FAILED),
                Optional.of("agent.health-check-failed: the app does not start"), BEFORE, BEFORE);
    }

    private InstallReport verified(byte[] signed) {
        var verdict = ReportVerifier.create(List.of(device.verificationKey())).verify(signed);
        assertThat(verdict).isInstanceOf(ReportVerification.Verified.class);
        return InstallReport.of(((ReportVerification.Verified) verdict).report());
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signedReportVerifiesAndReadsBackEqual(SignatureAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);
        for (InstallReport report : List.of(success(), failure())) {
            byte[] signed = ReportSigner.create(key).sign(report.toSuitReport());

            var verdict = (ReportVerification.Verified) ReportVerifier.create(List.of(key.verificationKey())).verify(signed);

            assertThat(InstallReport.of(verdict.report())).isEqualTo(report);
        }
    }

    @Test
    void isASuitReportNamingTheManifestItsEnvelopeSigned() {
        SuitReport suit = success().toSuitReport();

        assertThat(suit.manifestDigest().encoded()).isEqualTo(envelope.manifestDigest());
        assertThat(suit.manifestUri()).isEmpty();
        assertThat(suit.succeeded()).isTrue();
        assertThat(CBORObject.DecodeFromBytes(envelope.manifestDigest()).get(0).AsInt32Value()).isEqualTo(-16);
        CBORObject encoded = CBORObject.DecodeFromBytes(ReportSigner.encode(suit));
        assertThat(encoded.get(CBORObject.FromObject("drover-after")).get(CBORObject.FromObject("app"))
                .get(CBORObject.FromObject("size")).AsInt64Value()).isEqualTo(10_000);
        assertThat(encoded.get(CBORObject.FromObject("drover-time-ms")).AsInt64Value())
                .isEqualTo(Instant.parse("2026-11-28T12:00:00.123Z").toEpochMilli());
    }

    @Test
    void encodingIsDeterministic() {
        byte[] first = ReportSigner.encode(success().toSuitReport());

        assertThat(ReportSigner.encode(success().toSuitReport())).isEqualTo(first);
        assertThat(CBORObject.DecodeFromBytes(first).EncodeToBytes(
                new com.upokecenter.cbor.CBOREncodeOptions("ctap2canonical=true"))).isEqualTo(first);
    }

    @Test
    void aChangedInventoryBreaksTheSignature() {
        byte[] signed = ReportSigner.create(device).sign(success().toSuitReport());
        CBORObject message = CBORObject.DecodeFromBytes(signed);
        CBORObject payload = CBORObject.DecodeFromBytes(message.get(2).GetByteString());
        payload.get(CBORObject.FromObject("drover-after")).get(CBORObject.FromObject("app"))
                .set(CBORObject.FromObject("version"), CBORObject.FromObject("9.9.9"));
        message.set(2, CBORObject.FromObject(payload.EncodeToBytes()));

        assertThat(ReportVerifier.create(List.of(device.verificationKey())).verify(message.EncodeToBytes()))
                .isInstanceOf(ReportVerification.Rejected.class);
    }

    @Test
    void aSuitReportWithoutDroverExtensionsIsNoInstallReport() {
        SuitReport plain = new SuitReport("", success().manifest().digest(), Optional.empty(), List.of(),
                new ReportResult.Success());

        assertThatThrownBy(() -> verified(ReportSigner.create(device).sign(plain)))
                .isInstanceOfSatisfying(DroverException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ReportErrors.MALFORMED);
                    assertThat(e.getMessage()).contains("drover-");
                });
    }

    @Test
    void refusesAnImageWithADigestButNoSize() {
        SuitReport suit = success().toSuitReport();
        var extensions = new HashMap<>(suit.extensions());
        CBORObject after = CBORObject.DecodeFromBytes(extensions.get("drover-after").encoded());
        after.get(CBORObject.FromObject("app")).Remove(CBORObject.FromObject("size"));
        extensions.put("drover-after", new CborBytes(after.EncodeToBytes()));
        SuitReport broken = new SuitReport(suit.manifestUri(), suit.manifestDigest(), suit.nonce(), suit.records(),
                suit.result(), extensions);

        assertThatThrownBy(() -> verified(ReportSigner.create(device).sign(broken)))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ReportErrors.MALFORMED));
    }

    @Test
    void aFailureNeedsItsReasonAndASuccessHasNone() {
        InstallReport success = success();
        assertThatThrownBy(() -> new InstallReport("dev-1", 12, 7, Instant.EPOCH, success.manifest(),
                new ReportResult.Success(), Optional.of("why"), BEFORE, AFTER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstallReport("dev-1", 12, 7, Instant.EPOCH, success.manifest(),
                failure().result(), Optional.empty(), BEFORE, BEFORE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesUndecodableBytesByTheirOwnDigest() throws Exception {
        byte[] junk = {1, 2, 3};

        ManifestReference reference = ManifestReference.ofUndecodable(junk);

        assertThat(reference.describe()).isEqualTo("sha-256:" + java.util.HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(junk)));
    }
}
