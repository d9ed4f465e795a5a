package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.AgentStatus;
import io.drover.agent.CycleOutcome;
import io.drover.agent.ledger.LedgerAlarm;
import io.drover.agent.slot.SlotId;
import io.drover.ledger.PublishedTreeHead;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    @TempDir
    Path dir;

    @Test
    void showsTheLedgerAlarmThatStandsWithBothHeads() throws IOException {
        PublishedTreeHead kept = new PublishedTreeHead(5, "2026-11-28T12:00:00Z", "ab".repeat(32), "c2ln");
        PublishedTreeHead offered = new PublishedTreeHead(3, "2026-11-28T13:00:00Z", "cd".repeat(32), "c2lo");
        LedgerAlarm alarm = new LedgerAlarm("the ledger shrank from 5 entries to 3", kept, offered,
                Instant.parse("2026-11-28T13:00:01Z"));
        Path file = dir.resolve("status.json");
        var statusFile = new StatusFile(file, Clock.fixed(Instant.parse("2026-11-28T13:00:02Z"), ZoneOffset.UTC));

        statusFile.write(new AgentStatus(SlotId.A, 0, Map.of("app", "1.0.0"),
                Optional.of(new CycleOutcome.Waiting("ledger fork alarm: " + alarm.reason())), Optional.of(alarm)));

        JsonNode status = new ObjectMapper().readTree(file.toFile());
        assertThat(status.at("/ledgerAlarm/reason").asText()).isEqualTo(alarm.reason());
        assertThat(status.at("/ledgerAlarm/kept/size").asLong()).isEqualTo(5);
        assertThat(status.at("/ledgerAlarm/offered/rootHash").asText()).isEqualTo("cd".repeat(32));
        assertThat(status.at("/ledgerAlarm/raisedAt").asText()).isEqualTo("2026-11-28T13:00:01Z");

        statusFile.write(new AgentStatus(SlotId.A, 0, Map.of("app", "1.0.0"), Optional.empty(), Optional.empty()));
        assertThat(new ObjectMapper().readTree(file.toFile()).get("ledgerAlarm").isNull()).isTrue();
    }
}
