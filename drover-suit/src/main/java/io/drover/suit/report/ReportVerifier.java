package io.drover.suit.report;

import io.drover.error.DroverException;
import io.drover.suit.CoseVerifier;
import io.drover.suit.SuitErrors;
import io.drover.suit.VerificationKey;
import io.drover.suit.report.internal.ReportCodec;
import java.util.Collection;

/**
 * Checks a signed SUIT report against the device keys the caller trusts. A signature that does not verify is a
 * {@link ReportVerification.Rejected}; bytes that are no COSE_Sign1 or hold no SUIT_Report raise
 * {@link DroverException} with {@link ReportErrors#MALFORMED}.
 */
public final class ReportVerifier {
    private final CoseVerifier verifier;

    private ReportVerifier(CoseVerifier verifier) {
        this.verifier = verifier;
    }

    public static ReportVerifier create(Collection<VerificationKey> deviceKeys) {
        return new ReportVerifier(CoseVerifier.create(deviceKeys));
    }

    public ReportVerification verify(byte[] signedReport) {
        CoseVerifier.Signed signed;
        try {
            var verified = verifier.verify(signedReport);
            if (verified.isEmpty()) {
                return new ReportVerification.Rejected(ReportErrors.BAD_SIGNATURE,
                        "no trusted device key's signature over the report verifies");
            }
            signed = verified.get();
        } catch (DroverException e) {
            if (!e.errorCode().equals(SuitErrors.MALFORMED)) {
                throw e;
            }
            throw new DroverException(ReportErrors.MALFORMED, e.getMessage(), e);
        }
        // Only authentic bytes are decoded, so a forger cannot even exercise the report decoder.
        return new ReportVerification.Verified(ReportCodec.decode(signed.payload()), signed.signer());
    }
}
