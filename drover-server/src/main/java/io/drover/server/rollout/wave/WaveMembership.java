package io.drover.server.rollout.wave;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which wave of a rollout a device belongs to: a pure function of (rollout, device), so that starting a rollout
 * writes no per-device rows and every server node agrees without asking the others. A device's share is drawn
 * from SHA-256 of the rollout id and device id, uniform over [0, 1 000 000); a different rollout draws afresh, so
 * the same devices are not always first.
 */
public final class WaveMembership {
    private WaveMembership() {}

    /**
     * The index of the first wave that reaches the device; canary-group members belong to wave 0.
     */
    public static int waveOf(WavePlan plan, long rolloutId, String deviceId, boolean inCanaryGroup) {
        if (inCanaryGroup) {
            return 0;
        }
        long share = shareOf(rolloutId, deviceId);
        for (int i = 0; i < plan.waves().size(); i++) {
            if (share < plan.wave(i).thresholdPpm()) {
                return i;
            }
        }
        throw new IllegalStateException("the last wave reaches 100 percent, so it reaches every share");
    }

    /** The device's share in parts per million, in [0, 1 000 000). */
    static long shareOf(long rolloutId, String deviceId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(rolloutId).array());
        byte[] digest = sha256.digest(deviceId.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest).getLong() >>> 1; // 63 uniform bits, non-negative
        return bits % Shares.PER_MILLION;
    }
}
