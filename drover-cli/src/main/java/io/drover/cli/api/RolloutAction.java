package io.drover.cli.api;

import java.util.Locale;

/** What an operator may do to a rollout through the management API. */
public enum RolloutAction {
    PAUSE,
    RESUME,
    CANCEL,
    PROMOTE;

    /** The last segment of its path, {@code /api/v1/rollouts/{id}/pause} and so on. */
    String path() {
        return name().toLowerCase(Locale.ROOT);
    }
}
