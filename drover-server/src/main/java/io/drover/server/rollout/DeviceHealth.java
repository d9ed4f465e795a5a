package io.drover.server.rollout;

import io.drover.error.DroverException;

/**
 * A device's health report ({@code POST /device/v1/health}): whether it runs well, and if not, what is wrong
 * (unexpected reboots, a failing health check, an application metric out of bounds — the device decides).
 */
public record DeviceHealth(Boolean healthy, String trouble) {
    private static final int MAX_TROUBLE = 1000;

    public DeviceHealth {
        if (healthy == null) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a health report needs 'healthy'");
        }
        if (!healthy && (trouble == null || trouble.isBlank())) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "an unhealthy report must say what the trouble is");
        }
        if (trouble != null && trouble.length() > MAX_TROUBLE) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "'trouble' may have at most " + MAX_TROUBLE
                    + " characters");
        }
    }
}
