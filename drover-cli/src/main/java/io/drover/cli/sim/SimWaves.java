package io.drover.cli.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How each class's rollout widens: its waves' cumulative percents (the last 100), each with no soak, the share of
 * the wave's devices that must install before the next starts, and the failure share that halts the rollout. The
 * server validates the rest of the plan when the rollout starts.
 *
 * @param percents empty for one wave to every device at once
 * @param maxFailurePercent null for no limit
 */
record SimWaves(List<Double> percents, double successPercent, Double maxFailurePercent) {
    static final SimWaves EVERYONE = new SimWaves(List.of(), 0, null);

    SimWaves {
        percents = List.copyOf(percents);
        for (int i = 0; i < percents.size(); i++) {
            if (!(percents.get(i) > 0 && percents.get(i) <= 100) || (i > 0 && percents.get(i) <= percents.get(i - 1))) {
                throw new IllegalArgumentException("--waves must be rising percents above 0, up to 100: " + percents);
            }
        }
        if (!percents.isEmpty() && percents.getLast() != 100) {
            throw new IllegalArgumentException("--waves must end at 100: " + percents);
        }
        if (!(successPercent >= 0 && successPercent <= 100)) {
            throw new IllegalArgumentException("--success-percent must be from 0 to 100");
        }
        if (maxFailurePercent != null && !(maxFailurePercent >= 0 && maxFailurePercent <= 100)) {
            throw new IllegalArgumentException("--max-failure-percent must be from 0 to 100");
        }
    }

    /** The body of {@code POST /api/v1/rollouts} that rolls {@code releaseId} out in these waves. */
    ObjectNode rolloutRequest(long releaseId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("releaseId", releaseId);
        for (double percent : percents) {
            ObjectNode wave = body.withArray("waves").addObject()
                    .put("percent", percent).put("soak", "PT0S").put("successPercent", successPercent);
            if (maxFailurePercent != null) {
                wave.put("maxFailurePercent", maxFailurePercent);
            }
        }
        return body;
    }
}
