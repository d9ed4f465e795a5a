package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.StoreBackend;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class PostgresLedgerTest extends LedgerContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }

    @Test
    void theSequencerVacuumsTheQueueItTookEnoughRecordsFrom() {
        try (Ledger vacuuming = Ledger.open(database.jdbi(), CoseSigner.create(SigningKey.generate(
                SignatureAlgorithm.ED25519)), Clock.systemUTC(), 100)) {
            recordMany(vacuuming, 0, 99);
            // Below the threshold: the taken records' rows are still in the table's pages.
            assertThat(queuePages()).isPositive();
            recordMany(vacuuming, 99, 1);
            // VACUUM cuts the empty pages off the end of the table: every page, as the queue is drained.
            assertThat(queuePages()).isZero();
        }
    }

    private long queuePages() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT pg_relation_size('ledger_queue')")
                .mapTo(Long.class).one());
    }
}
