package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** Forensic answers as text for people; every statement names the ledger entry it rests on as {@code #index}. */
final class ForensicsText {
    private ForensicsText() {}

    static void device(JsonNode answer, PrintStream out) {
        out.printf("device %s at %s%n", answer.path("deviceId").asText(), answer.path("at").asText());
        if (answer.path("lastReportEntry").isNull() || answer.path("lastReportEntry").isMissingNode()) {
            out.println("  the ledger holds no install report of this device up to then");
            return;
        }
        out.printf("  as its last install report up to then states (#%d):%n", answer.path("lastReportEntry").asLong());
        for (JsonNode c : answer.path("components")) {
            out.printf("  %s %s%s%n", c.path("component").asText(), c.path("version").asText(),
                    c.hasNonNull("sha256") ? " (sha256 " + c.path("sha256").asText() + ")" : "");
            if (!c.hasNonNull("releaseId")) {
                out.println("    from no release in the ledger (factory image, or installed before the ledger began)");
                continue;
            }
            out.printf("    installed from release %d at %s (#%d; release uploaded #%d)%n", c.path("releaseId").asLong(),
                    c.path("installedAt").asText(), c.path("installEntry").asLong(), c.path("releaseEntry").asLong());
            for (JsonNode signer : c.path("signers")) {
                out.printf("    signed by key %s%s%n", signer.path("keyId").asText(), signer.hasNonNull("entry")
                        ? ", trusted by " + signer.path("registeredBy").asText() + " at "
                                + signer.path("registeredAt").asText() + " (#" + signer.path("entry").asLong() + ")"
                        : ", whose registration the ledger does not hold");
            }
            JsonNode rollout = c.path("rollout");
            if (rollout.isObject()) {
                out.printf("    delivered by rollout %d, created by %s%s%n", rollout.path("rolloutId").asLong(),
                        rollout.path("createdBy").asText("?"), rollout.hasNonNull("createdEntry")
                                ? " (#" + rollout.path("createdEntry").asLong() + ")" : "");
                for (JsonNode approval : rollout.path("approvals")) {
                    out.printf("    approved by %s at %s (#%d)%n", approval.path("by").asText(),
                            approval.path("at").asText(), approval.path("entry").asLong());
                }
            }
        }
    }

    static void release(JsonNode answer, PrintStream out) {
        out.printf("release %d between %s and %s%s%n", answer.path("releaseId").asLong(), answer.path("from").asText(),
                answer.path("to").asText(), answer.hasNonNull("releaseEntry")
                        ? " (uploaded #" + answer.path("releaseEntry").asLong() + ")" : "");
        for (JsonNode run : answer.path("devices")) {
            out.printf("  %s from %s (#%d)%s%n", run.path("deviceId").asText(), run.path("ranFrom").asText(),
                    run.path("installEntry").asLong(), run.hasNonNull("ranUntil")
                            ? " until " + run.path("ranUntil").asText() + " (#" + run.path("endEntry").asLong() + ")"
                            : "");
        }
        if (answer.path("truncated").asBoolean()) {
            out.println("  … more devices qualify; narrow the period");
        }
    }
}
