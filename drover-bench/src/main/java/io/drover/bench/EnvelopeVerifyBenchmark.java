package io.drover.bench;

import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import io.drover.suit.Verification;
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
 * What verifying a release envelope costs (decode, manifest digest, signature), per signature algorithm: the work a
 * server does on every release upload and an agent on every assignment.
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

    @Setup
    public void sign() {
        SigningKey key = SigningKey.generate(algorithm);
        verifier = EnvelopeVerifier.create(List.of(key.verificationKey()));
        envelope = ManifestSigner.create(key).sign(new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 1,
                List.of(new ImageSpec("app", "1.1.0", new byte[32], 1 << 20, "/device/v1/artifacts/x"))));
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(envelope);
    }
}
