package io.drover.suit.report;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A SUIT_Report (draft-ietf-suit-report-18): which manifest ran (reference URI and digest), the records the
 * manifest's reporting policies asked for, and the result.
 *
 * @param manifestUri    the manifest's reference URI, empty text when the manifest names none
 * @param manifestDigest the encoded SUIT_Digest of the manifest, as its authentication wrapper holds it
 * @param nonce          the nonce the update server asked the device to echo, if any, as its encoded byte string
 * @param extensions     members under text keys ($$SUIT_Report_Extensions, which the draft leaves to implementations),
 *     each an encoded CBOR item; integer-keyed members Drover does not know are not read
 */
public record SuitReport(String manifestUri, CborBytes manifestDigest, Optional<CborBytes> nonce,
        List<SuitRecord> records, ReportResult result, Map<String, CborBytes> extensions) {
    public SuitReport {
        Objects.requireNonNull(manifestUri, "manifestUri");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(nonce, "nonce");
        records = List.copyOf(records);
        Objects.requireNonNull(result, "result");
        extensions = Map.copyOf(Objects.requireNonNull(extensions, "extensions"));
    }

    /** A report without extensions, as a SUIT processor writes it. */
    public SuitReport(String manifestUri, CborBytes manifestDigest, Optional<CborBytes> nonce,
            List<SuitRecord> records, ReportResult result) {
        this(manifestUri, manifestDigest, nonce, records, result, Map.of());
    }

    /**
     * This report echoing {@code nonce}, which the update server sent to tie the report to its request: the
     * processor does not know it, the agent adds it before signing.
     */
    public SuitReport withNonce(byte[] nonce) {
        return new SuitReport(manifestUri, manifestDigest,
                Optional.of(new CborBytes(CBORObject.FromObject(Objects.requireNonNull(nonce, "nonce")).EncodeToBytes())),
                records, result, extensions);
    }

    public boolean succeeded() {
        return result instanceof ReportResult.Success;
    }
}
