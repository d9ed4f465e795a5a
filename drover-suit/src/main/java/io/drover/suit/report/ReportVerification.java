package io.drover.suit.report;

import io.drover.error.ErrorCode;
import io.drover.suit.VerificationKey;
import java.util.Objects;

/** The verdict on a signed report: authentic (with its decoded content and signer) or refused. */
public sealed interface ReportVerification permits ReportVerification.Verified, ReportVerification.Rejected {

    record Verified(SuitReport report, VerificationKey signer) implements ReportVerification {
        public Verified {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(signer, "signer");
        }
    }

    record Rejected(ErrorCode reason, String message) implements ReportVerification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
