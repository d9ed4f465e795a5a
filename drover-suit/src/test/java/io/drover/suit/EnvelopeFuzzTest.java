package io.drover.suit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.drover.error.DroverException;
import io.drover.suit.processor.FileComponentStore;
import io.drover.suit.processor.Run;
import io.drover.suit.processor.SuitProcessor;
import io.drover.suit.trust.TrustPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fuzzes the envelope parser, verifier and printer, and the processor: whatever the bytes, the result is an outcome
 * or a DroverException with a stable code, never another exception.
 *
 * <p>Plain {@code mvn test} replays the seed corpus (the public SUIT examples, whole and as bare manifests, under
 * src/test/resources/io/drover/suit/EnvelopeFuzzTestInputs/fuzz, each behind the mode byte) plus every input a past run found. drover-suit's build
 * sets JAZZER_FUZZ=1, so every test run also fuzzes for a bounded time (see docs/OPERATIONS.md); a crash it finds is
 * saved into that folder and so becomes a regression test.
 */
class EnvelopeFuzzTest {
    private static final SigningKey EXAMPLE_KEY = SigningKey.fromPem(Vectors.text("suit/example-signing-key-p256.private.pem"));
    private static final EnvelopeVerifier VERIFIER = EnvelopeVerifier.create(List.of(EXAMPLE_KEY.verificationKey()));
    private static final ManifestSigner SIGNER = ManifestSigner.create(EXAMPLE_KEY);
    /** The device the SUIT draft's examples address, so fuzzed variants of them get past the identity conditions. */
    private static final SuitProcessor PROCESSOR = processor();

    private static SuitProcessor processor() {
        try {
            FileComponentStore store = FileComponentStore.create(Files.createTempDirectory("drover-fuzz"),
                    uri -> new ByteArrayInputStream(new byte[] {1, 2, 3, 4}),
                    UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe"),
                    UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45"), Optional.empty());
            return SuitProcessor.builder(store, TrustPolicy.singleDomain(EXAMPLE_KEY.verificationKey()), Clock.systemUTC()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One target for both paths, because Jazzer fuzzes one target per JVM: the first byte chooses whether the rest is
     * an envelope (even) or a manifest to sign and process (odd).
     */
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        try {
            if ((input[0] & 1) == 0) {
                parseAndVerify(rest);
            } else {
                processSignedManifest(rest);
            }
        } catch (DroverException expected) {
            // A typed refusal is the right answer to bad input.
        }
    }

    private static void parseAndVerify(byte[] envelope) {
        switch (VERIFIER.verify(envelope)) {
            case Verification.Verified v -> v.envelope().manifest().components().forEach(c -> c.id().displayName());
            case Verification.Rejected r -> r.reason().code();
        }
        ManifestPrinter.describe(SuitEnvelope.decode(envelope));
    }

    /** A manifest signed by a trusted key is still untrusted input to the processor: it must fail cleanly too. */
    private static void processSignedManifest(byte[] manifest) {
        if (VERIFIER.verify(SIGNER.signManifest(manifest)) instanceof Verification.Verified verified) {
            for (Run run : Run.values()) {
                PROCESSOR.process(verified, run);
            }
        }
    }
}
