package io.drover.ledger.audit;

import java.util.Optional;

/**
 * What an audit of a ledger found: nothing wrong, or the first problem; and how much it checked up to there.
 *
 * @param problem the first problem in log order, empty when everything verified
 * @param entries entries read and checked
 * @param heads signed heads checked against the entries
 * @param reportsVerified install reports whose device signature verified with the device's recorded key
 * @param reportsUnverified install reports with no signature, or from a device whose key the ledger never recorded
 */
public record AuditReport(Optional<AuditProblem> problem, long entries, long heads, long reportsVerified,
        long reportsUnverified) {
    public boolean ok() {
        return problem.isEmpty();
    }

    /** One line for people: the problem, or what verified. */
    public String summary() {
        return problem.map(AuditProblem::message).orElseGet(() -> "verified: " + entries + " entries, " + heads
                + " signed heads, " + reportsVerified + " device-signed install reports ("
                + reportsUnverified + " reports without a verifiable device signature)");
    }
}
