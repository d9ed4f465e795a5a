package io.drover.server.rollout;

import io.drover.error.DroverException;

/** A request to roll a release out to every device of its class. */
public record NewRollout(Long releaseId) {
    public NewRollout {
        if (releaseId == null) {
            throw new DroverException(RolloutErrors.INVALID, "a rollout needs a releaseId");
        }
    }
}
