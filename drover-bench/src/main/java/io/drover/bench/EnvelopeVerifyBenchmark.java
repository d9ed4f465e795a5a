package io.drover.bench;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.UpdateSpec;
import io.drover.suit.Verification;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What verifying a release envelope costs (decode, manifest digest, COSE signature) next to the bare signature check
 * over the same bytes with the same JDK provider, and the decoding alone: the difference is Drover's parsing and
 * digest overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeVerifyBenchmark {
    @Param({"ES256", "ED25519"})
    public SignatureAlgorithm algorithm;

    private EnvelopeVerifier verifier;
    private byte[] envelope;
    private PublicKey publicKey;
    private String jdkAlgorithm;
    private byte[] toBeSigned;
    private byte[] signature;

    @Setup
    public void sign() throws GeneralSecurityException {
        SigningKey key = SigningKey.generate(algorithm);
        verifier = EnvelopeVerifier.create(List.of(key.verificationKey()));
        envelope = ManifestSigner.create(key).sign(new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 1,
                List.of(new ImageSpec("app", "1.1.0", new byte[32], 1 << 20, "/device/v1/artifacts/x"))));

        // The same check as the verifier's last step, prepared once: Sig_structure and raw signature (RFC 9052 §4.4).
        CBORObject auth = CBORObject.DecodeFromBytes(CBORObject.DecodeFromBytes(envelope).get(2).GetByteString());
        CBORObject sign1 = CBORObject.DecodeFromBytes(auth.get(1).GetByteString());
        toBeSigned = CBORObject.NewArray().Add("Signature1").Add(sign1.get(0)).Add(new byte[0]).Add(auth.get(0)).EncodeToBytes();
        signature = sign1.get(3).GetByteString();
        String pem = key.verificationKey().toPem().replaceAll("-----[A-Z ]+-----|\\s", "");
        String keyAlgorithm = algorithm == SignatureAlgorithm.ES256 ? "EC" : "Ed25519";
        publicKey = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        jdkAlgorithm = algorithm == SignatureAlgorithm.ES256 ? "SHA256withECDSAinP1363Format" : "Ed25519";
        if (!signatureOnly()) {
            throw new IllegalStateException("the prepared signature check does not verify");
        }
    }

    @Benchmark
    public Verification parseAndVerify() {
        return verifier.verify(envelope);
    }

    /** Drover's part alone: decoding the envelope and manifest, with the raw-byte limits, no cryptography. */
    @Benchmark
    public SuitEnvelope decodeOnly() {
        return SuitEnvelope.decode(envelope);
    }

    @Benchmark
    public boolean signatureOnly() throws GeneralSecurityException {
        Signature check = Signature.getInstance(jdkAlgorithm);
        check.initVerify(publicKey);
        check.update(toBeSigned);
        return check.verify(signature);
    }
}
