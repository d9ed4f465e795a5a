package io.drover.server.ledger;

/**
 * Writes a batch of new entries as the sequencer makes them, so that the database stores the first while the
 * sequencer still encodes and hashes the next.
 */
interface EntryWriter {
    void write(NewEntry entry);

    /** Ends the batch: every entry written is then stored (in the open transaction). */
    void finish();

    /** Gives the batch up after a failure; the transaction is rolled back after it. */
    void abandon();
}
