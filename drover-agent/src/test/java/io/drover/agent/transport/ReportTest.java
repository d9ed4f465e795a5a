package io.drover.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportTest {
    private static final Map<String, String> INVENTORY = Map.of("app", "1.0.0");

    @ParameterizedTest
    @EnumSource(names = {"FAILURE", "RETRYING", "WAITING"})
    void failuresRetriesAndWaitsNeedAReason(ReportStatus status) {
        assertThatThrownBy(() -> new Report(12, 3, status, " ", INVENTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(status + " report needs a reason");
    }

    @Test
    void cutsAReasonToWhatTheServerTakesWithoutSplittingACharacter() {
        String pile = "a".repeat(Report.MAX_REASON - 2) + "😀" + "b".repeat(50);
        Report report = new Report(12, 3, ReportStatus.RETRYING, pile, INVENTORY);
        assertThat(report.reason()).hasSizeLessThanOrEqualTo(Report.MAX_REASON).endsWith("a…");
        assertThat(new Report(12, 3, ReportStatus.WAITING, "short", INVENTORY).reason()).isEqualTo("short");
    }
}
