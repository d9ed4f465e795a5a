/**
 * Auditing Drover's ledger without trusting the server: {@link io.drover.ledger.audit.LedgerAudit} checks a whole
 * log, streamed, against the ledger's public key and names the first entry or head that is not what the log
 * committed to; {@link io.drover.ledger.audit.LedgerExport} reads the documented export folder it checks.
 */
package io.drover.ledger.audit;
