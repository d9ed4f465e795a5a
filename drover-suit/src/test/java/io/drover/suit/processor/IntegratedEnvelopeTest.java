package io.drover.suit.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ImageSpec;
import io.drover.suit.IntegratedEnvelope;
import io.drover.suit.IntegratedEnvelope.Payload;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.SuitErrors;
import io.drover.suit.UpdateSpec;
import io.drover.suit.Verification;
import io.drover.suit.trust.TrustPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Drover envelope with its payloads integrated: still verified, and installable with no network at all. */
class IntegratedEnvelopeTest {
    @TempDir
    Path root;

    private final SigningKey vendor = SigningKey.generate(SignatureAlgorithm.ES256);
    private final byte[] os = "os image 2.0.0".getBytes(StandardCharsets.UTF_8);
    private final byte[] app = "app image 1.1.0, a little longer than the os".getBytes(StandardCharsets.UTF_8);

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Signed as Drover signs releases: each uri names the artifact of the image's digest. */
    private byte[] envelope() throws Exception {
        return ManifestSigner.create(vendor).sign(new UpdateSpec(TestDevice.VENDOR, TestDevice.CLASS, 7, List.of(
                new ImageSpec("os", "2.0.0", HexFormat.of().parseHex(sha256(os)), os.length,
                        new ArtifactAddress(sha256(os)).uri()),
                new ImageSpec("app", "1.1.0", HexFormat.of().parseHex(sha256(app)), app.length,
                        new ArtifactAddress(sha256(app)).uri()))));
    }

    private List<Payload> payloads() throws Exception {
        return List.of(payload(new ArtifactAddress(sha256(os)).uri(), os),
                payload(new ArtifactAddress(sha256(app)).uri(), app));
    }

    private static Payload payload(String key, byte[] content) {
        return new Payload(key, content.length, () -> new ByteArrayInputStream(content));
    }

    @Test
    void integratedEnvelopeKeepsItsSignatureAndInstallsFromItself() throws Exception {
        byte[] envelope = envelope();
        byte[] integrated = IntegratedEnvelope.stream(envelope, payloads()).readAllBytes();

        Verification verification = EnvelopeVerifier.create(List.of(vendor.verificationKey())).verify(integrated);
        assertThat(verification).isInstanceOf(Verification.Verified.class);
        assertThat(SuitEnvelope.decode(integrated).manifestDigest()).isEqualTo(SuitEnvelope.decode(envelope)
                .manifestDigest());
        CBORObject members = CBORObject.DecodeFromBytes(integrated).UntagOne();
        assertThat(members.get(new ArtifactAddress(sha256(app)).uri()).GetByteString()).isEqualTo(app);

        // A device with nothing to fetch from: every payload comes out of the envelope.
        var device = new TestDevice(root);
        Outcome outcome = SuitProcessor.builder(device, TrustPolicy.singleDomain(vendor.verificationKey()),
                Clock.systemUTC()).build().process((Verification.Verified) verification, Run.UPDATE);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        assertThat(device.store.content(TestDevice.named("os"))).hasValue(os);
        assertThat(device.store.content(TestDevice.named("app"))).hasValue(app);
    }

    @Test
    void envelopeMembersAreKeptByteForByte() throws Exception {
        byte[] envelope = envelope();
        byte[] integrated = IntegratedEnvelope.stream(envelope, payloads()).readAllBytes();

        CBORObject before = CBORObject.DecodeFromBytes(envelope).UntagOne();
        CBORObject after = CBORObject.DecodeFromBytes(integrated).UntagOne();
        assertThat(after.size()).isEqualTo(before.size() + 2);
        for (CBORObject key : before.getKeys()) {
            assertThat(after.get(key).EncodeToBytes()).isEqualTo(before.get(key).EncodeToBytes());
        }
        assertThat(CBORObject.DecodeFromBytes(integrated).HasMostOuterTag(107)).isTrue();
    }

    @Test
    void tamperedIntegratedPayloadFailsImageMatch() throws Exception {
        byte[] bad = app.clone();
        bad[3] ^= 1;
        byte[] integrated = IntegratedEnvelope.stream(envelope(), List.of(
                payload(new ArtifactAddress(sha256(os)).uri(), os),
                payload(new ArtifactAddress(sha256(app)).uri(), bad))).readAllBytes();
        var verified = (Verification.Verified) EnvelopeVerifier.create(List.of(vendor.verificationKey()))
                .verify(integrated);

        var device = new TestDevice(root);
        Outcome outcome = SuitProcessor.builder(device, TrustPolicy.singleDomain(vendor.verificationKey()),
                Clock.systemUTC()).build().process(verified, Run.UPDATE);

        assertThat(((Outcome.Failed) outcome).code()).isEqualTo(ProcessorErrors.CONDITION_FAILED);
        assertThat(device.store.content(TestDevice.named("app"))).isEmpty();
    }

    @Test
    void payloadThatYieldsOtherThanItsSizeBreaksTheStream() throws Exception {
        InputStream shortOne = IntegratedEnvelope.stream(envelope(),
                List.of(new Payload("/device/v1/artifacts/x", app.length + 1, () -> new ByteArrayInputStream(app))));
        assertThatThrownBy(shortOne::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("short");

        InputStream longOne = IntegratedEnvelope.stream(envelope(),
                List.of(new Payload("/device/v1/artifacts/x", app.length - 1, () -> new ByteArrayInputStream(app))));
        assertThatThrownBy(longOne::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("more than");
    }

    @Test
    void refusesDuplicateKeysAndNonEnvelopes() throws Exception {
        String uri = new ArtifactAddress(sha256(os)).uri();
        assertThatThrownBy(() -> IntegratedEnvelope.stream(envelope(), List.of(payload(uri, os), payload(uri, os))))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] once = IntegratedEnvelope.stream(envelope(), List.of(payload(uri, os))).readAllBytes();
        assertThatThrownBy(() -> IntegratedEnvelope.stream(once, List.of(payload(uri, os))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(uri);
        assertThatThrownBy(() -> IntegratedEnvelope.stream(CBORObject.FromObject(7).EncodeToBytes(), List.of()))
                .isInstanceOf(DroverException.class)
                .satisfies(e -> assertThat(((DroverException) e).errorCode()).isEqualTo(SuitErrors.MALFORMED));
    }
}
