-- The index that finds a device's (or signer's, release's, rollout's) entries keys them by subject alone, not by
-- (subject, seq). Reports arrive from a fleet's devices in scattered order, so every append writes this index at a
-- random place; keyed by subject alone, PostgreSQL stores each subject once with the list of its entries
-- (deduplication), and the index stays several times smaller, in memory, as the log grows. A subject has few entries
-- (a device's installs and assignments), which the forensic queries read and order by seq themselves.
DROP INDEX ledger_entry_by_subject;
CREATE INDEX ledger_entry_by_subject ON ledger_entry (subject);
