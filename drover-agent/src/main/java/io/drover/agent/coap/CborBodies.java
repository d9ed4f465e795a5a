package io.drover.agent.coap;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.drover.agent.AgentErrors;
import io.drover.agent.internal.Json;
import io.drover.agent.transport.Assignment;
import io.drover.agent.transport.Report;
import io.drover.agent.transport.ReportStatus;
import io.drover.agent.transport.RollbackOrder;
import io.drover.error.DroverException;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * The CBOR bodies of the CoAP device API: the HTTP API's JSON records, encoded as CBOR, except that a signed report
 * travels as a byte string rather than base64 text (a third smaller on the air).
 */
final class CborBodies {
    record Identity(String publicKeyPem) {}

    record Registration(String deviceId) {}

    record Health(boolean healthy, String trouble) {}

    record CheckInBody(String deviceId, Assignment assignment, RollbackOrder rollback) {}

    record LedgerHeadBody(PublishedTreeHead head, PublishedProof consistency) {}

    record ReportBody(long rolloutId, Long releaseId, ReportStatus status, String reason,
            Map<String, String> inventory, Map<String, String> digests, byte[] signedReport) {}

    static ReportBody report(Report report) {
        return new ReportBody(report.rolloutId(), report.releaseId(), report.status(), report.reason(),
                report.inventory(), report.digests(),
                report.signedReport() == null ? null : Base64.getDecoder().decode(report.signedReport()));
    }

    byte[] write(Object body) {
        try {
            return Json.cborWriter().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + body.getClass().getSimpleName() + " as CBOR", e);
        }
    }

    <T> T read(byte[] body, String path, Class<T> type) {
        if (body == null) {
            body = new byte[0];
        }
        try {
            return Json.cborReader(type).readValue(body);
        } catch (IOException e) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                    path + " answered CBOR the agent cannot use: " + e.getMessage(), e);
        }
    }
}
