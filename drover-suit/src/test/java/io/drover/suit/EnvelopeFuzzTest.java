package io.drover.suit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.drover.error.DroverException;
import java.util.List;

/**
 * Fuzzes the envelope parser and verifier: whatever the bytes, the result is Verified, Rejected or a DroverException
 * with a stable code, never another exception.
 *
 * <p>Plain {@code mvn test} replays the seed corpus (the public SUIT examples and Drover-made envelopes, in
 * src/test/resources/io/drover/suit/EnvelopeFuzzTestInputs/parseAndVerify) plus every input a past run found. The suite
 * fuzzes for a bounded time when JAZZER_FUZZ=1 is set (see docs/OPERATIONS.md); a crash it finds is saved into that
 * folder and so becomes a regression test.
 */
class EnvelopeFuzzTest {
    private static final EnvelopeVerifier VERIFIER = EnvelopeVerifier.create(List.of(Vectors.exampleKey()));

    @FuzzTest(maxDuration = "30s")
    void parseAndVerify(byte[] input) {
        try {
            switch (VERIFIER.verify(input)) {
                case Verification.Verified v -> v.envelope().manifest().components().forEach(c -> c.id().displayName());
                case Verification.Rejected r -> r.reason().code();
            }
            ManifestPrinter.describe(SuitEnvelope.decode(input));
        } catch (DroverException expected) {
            // A typed refusal is the right answer to bad input.
        }
    }
}
