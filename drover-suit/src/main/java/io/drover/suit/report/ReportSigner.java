package io.drover.suit.report;

import io.drover.suit.CoseSigner;
import io.drover.suit.SigningKey;
import io.drover.suit.report.internal.ReportCodec;

/**
 * Signs SUIT reports with a device key: a tagged COSE_Sign1 whose payload is the deterministic encoding of the
 * report (SUIT_Report_COSE_Sign1_Tagged of draft-ietf-suit-report-18).
 */
public final class ReportSigner {
    private final CoseSigner signer;

    private ReportSigner(CoseSigner signer) {
        this.signer = signer;
    }

    public static ReportSigner create(SigningKey deviceKey) {
        return new ReportSigner(CoseSigner.create(deviceKey));
    }

    public byte[] sign(SuitReport report) {
        return signer.sign(ReportCodec.encode(report));
    }

    /** The unsigned deterministic encoding, e.g. to store alongside the signed form or to compare. */
    public static byte[] encode(SuitReport report) {
        return ReportCodec.encode(report);
    }
}
