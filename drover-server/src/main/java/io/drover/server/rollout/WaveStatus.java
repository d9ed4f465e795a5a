package io.drover.server.rollout;

import io.drover.server.rollout.wave.Wave;
import java.util.Map;

/**
 * One wave of a rollout as it stands.
 *
 * @param number 1 for the first wave
 * @param devices how many targeted devices the wave adds; null until the controller has counted them
 * @param reports devices of the wave per reported status
 * @param pending devices of the wave that have not reported yet; null while {@code devices} is
 */
public record WaveStatus(int number, Wave wave, Long devices, Map<ReportStatus, Long> reports, Long pending) {
    public WaveStatus {
        reports = Map.copyOf(reports);
    }
}
