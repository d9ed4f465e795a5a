package io.drover.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.transport.Report;
import io.drover.agent.transport.ReportStatus;
import io.drover.suit.report.ManifestReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    private static final Map<String, String> FACTORY = Map.of("app", "1.0.0");
    private static final ManifestReference MANIFEST = ManifestReference.ofUndecodable(new byte[] {7});

    @TempDir
    Path dataDir;

    @Test
    void hasNoStateBeforeTheFirstSave() throws IOException {
        assertThat(new StateStore(dataDir).load()).isEmpty();
    }

    @Test
    void readingLeavesASaveInProgressAlone() throws IOException {
        StateStore store = new StateStore(dataDir);
        store.save(AgentState.factory(FACTORY));
        Path halfWritten = Files.writeString(dataDir.resolve("state.json.18c3f2a9b.tmp"), "{\"activeSl");

        assertThat(store.load()).contains(AgentState.factory(FACTORY));
        assertThat(halfWritten).as("a reader may run beside a save in progress").exists();
    }

    @Test
    void readsBackEverythingItSaved() throws IOException {
        Trial trial = new Trial(SlotId.A, 12, 7, 3, MANIFEST, Map.of("app", "1.1.0"),
                Map.of("app", new ImageDigest("cd".repeat(32), 1234)), Instant.parse("2026-11-28T12:00:00Z"), 2).withBoot();
        Report signed = new Report(11, 7L, ReportStatus.FAILURE, "agent.wrong-class: no", FACTORY,
                Map.of("app", "ab".repeat(32)), "c2lnbmVk");
        AgentState state = new AgentState(SlotId.B, 2, 6L, ManifestReference.ofUndecodable(new byte[] {6}), FACTORY,
                Map.of("app", new ImageDigest("ab".repeat(32), 99)), trial, "\"v7\"", signed, 5L);

        new StateStore(dataDir).save(state);

        assertThat(new StateStore(dataDir).load()).contains(state);
    }

    @Test
    void readsATrialSavedBeforeBootsWereCountedAsNoBootsYet() throws IOException {
        Trial trial = new Trial(SlotId.B, 12, 7, 3, MANIFEST, Map.of("app", "1.1.0"), Map.of(),
                Instant.parse("2026-11-28T12:00:00Z"), 1);
        StateStore store = new StateStore(dataDir);
        store.save(AgentState.factory(FACTORY).withTrial(trial));
        Path file;
        try (Stream<Path> files = Files.list(dataDir)) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(file, Files.readString(file).replaceAll(",\\s*\"boots\"\\s*:\\s*0", ""));
        assertThat(Files.readString(file)).doesNotContain("boots");

        assertThat(store.load().orElseThrow().trial()).isEqualTo(trial);
    }

    @Test
    void replacesTheStateWithoutLeavingTemporaryFiles() throws IOException {
        StateStore store = new StateStore(dataDir);
        store.save(AgentState.factory(FACTORY));
        store.save(AgentState.factory(FACTORY).withEtag("\"v2\""));

        assertThat(store.load().orElseThrow().etag()).isEqualTo("\"v2\"");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void refusesAnUnreadableStateRatherThanGuessingWhatIsInstalled() throws IOException {
        Files.writeString(dataDir.resolve("state.json"), "{\"activeSlot\":\"B\",\"installedSeq",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new StateStore(dataDir).load()).isInstanceOf(IOException.class)
                .hasMessageContaining("unreadable");
    }

    @Test
    void refusesAStateThatBreaksItsOwnRules() throws IOException {
        Files.writeString(dataDir.resolve("state.json"), """
                {"activeSlot":"A","installedSequence":-1,"inventory":{},"images":{}}
                """, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new StateStore(dataDir).load()).isInstanceOf(IOException.class);
    }
}
