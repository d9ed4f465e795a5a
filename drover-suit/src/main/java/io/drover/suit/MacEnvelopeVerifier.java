package io.drover.suit;

import io.drover.suit.MacVerification.Authenticated;
import io.drover.suit.MacVerification.Refused;
import io.drover.suit.Verification.Rejected;
import io.drover.suit.internal.AuthenticationBlock;
import io.drover.suit.internal.CoseMac0;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates envelopes whose authentication wrapper holds a COSE_Mac0 (HMAC 256/256) instead of a signature: the
 * digests are checked as for signatures, then the MAC under each shared key. Kept apart from {@link EnvelopeVerifier}
 * because a MAC proves less than a signature (every key holder can forge), so callers choose it knowingly.
 */
public final class MacEnvelopeVerifier {
    private final List<MacKey> keys;

    private MacEnvelopeVerifier(List<MacKey> keys) {
        this.keys = keys;
    }

    /** A verifier that accepts a MAC by any of {@code keys}, which must not be empty. */
    public static MacEnvelopeVerifier create(Collection<MacKey> keys) {
        List<MacKey> copy = List.copyOf(keys);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a MAC verifier needs at least one key");
        }
        return new MacEnvelopeVerifier(copy);
    }

    /**
     * The verdict on {@code envelope}; {@link io.drover.error.DroverException} with {@link SuitErrors#MALFORMED} when
     * it cannot be decoded at all.
     */
    public MacVerification verify(byte[] envelope) {
        SuitEnvelope decoded = SuitEnvelope.decode(envelope);
        Optional<Rejected> digests = EnvelopeVerifier.checkDigests(decoded.decoded());
        if (digests.isPresent()) {
            return new Refused(digests.get());
        }
        List<CoseMac0> macs = decoded.decoded().authenticationBlocks().stream()
                .filter(AuthenticationBlock.Mac.class::isInstance)
                .map(block -> ((AuthenticationBlock.Mac) block).message())
                .toList();
        if (macs.isEmpty()) {
            return new Refused(new Rejected(SuitErrors.UNSIGNED, "the authentication wrapper holds no COSE_Mac0"));
        }
        byte[] payload = decoded.decoded().signedPayload();
        for (CoseMac0 mac : macs.stream().filter(CoseMac0::isSupported).toList()) {
            for (MacKey key : keys) {
                if (key.verifies(mac, payload)) {
                    return new Authenticated(decoded, key);
                }
            }
        }
        return macs.stream().anyMatch(CoseMac0::isSupported)
                ? new Refused(new Rejected(SuitErrors.BAD_MAC, "the COSE_Mac0 does not verify under any shared key"))
                : new Refused(new Rejected(SuitErrors.UNSUPPORTED_ALGORITHM,
                        "COSE_Mac0 algorithm is not supported: " + macs.get(0).algorithmLabel()));
    }
}
