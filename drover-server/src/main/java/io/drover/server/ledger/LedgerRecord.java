package io.drover.server.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened, as a feature hands it to the ledger: what kind, who did it, what it concerns (each
 * optional) and its details. The ledger adds its position, the server time and the previous entry's hash.
 *
 * @param kind what happened
 * @param actor who did it: a user, a device id, or {@code drover} for the server's own decisions
 * @param deviceId the device it concerns, if any
 * @param releaseId the release it concerns, if any
 * @param rolloutId the rollout it concerns, if any
 * @param details the rest, written as a JSON object in the entry (map values: strings, numbers, booleans, lists, maps)
 */
public record LedgerRecord(EntryKind kind, String actor, String deviceId, Long releaseId, Long rolloutId,
        Map<String, ?> details) {
    public LedgerRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        details = details == null ? Map.of() : details;
        if ((kind == EntryKind.SIGNER_KEY_REGISTERED || kind == EntryKind.SIGNER_KEY_REVOKED)
                && !(details.get("keyId") instanceof String)) {
            throw new IllegalArgumentException("a signer key's record names the key (details.keyId)");
        }
        if ((kind == EntryKind.CLASS_DEFINED || kind == EntryKind.COMPATIBILITY_CHANGED)
                && !(details.get("className") instanceof String)
                || (kind == EntryKind.USER_CREATED || kind == EntryKind.USER_REVOKED)
                && !(details.get("user") instanceof String)) {
            throw new IllegalArgumentException(kind.wireName() + " names what it is about in its details");
        }
        if (kind == EntryKind.RELEASE_UPLOADED && releaseId == null
                || kind.wireName().startsWith("rollout.") && rolloutId == null
                || kind.wireName().startsWith("device.") && deviceId == null
                || kind == EntryKind.INSTALL_REPORTED && deviceId == null) {
            throw new IllegalArgumentException(kind.wireName() + " needs what it is about");
        }
    }

    /**
     * Where a forensic question finds this record: its device; else the signer key, release or rollout it is about.
     */
    String subject() {
        if (deviceId != null) {
            return "device:" + deviceId;
        }
        return switch (kind) {
            case SIGNER_KEY_REGISTERED, SIGNER_KEY_REVOKED -> "signer:" + details.get("keyId");
            case CLASS_DEFINED, COMPATIBILITY_CHANGED -> "class:" + details.get("className");
            case USER_CREATED, USER_REVOKED -> "user:" + details.get("user");
            case RELEASE_UPLOADED -> "release:" + releaseId;
            case ROLLOUT_CREATED, ROLLOUT_APPROVED, ROLLOUT_CHANGED -> "rollout:" + rolloutId;
            case DEVICE_REGISTERED, DEVICE_REVOKED, DEVICE_KEY_CLEARED, DEVICE_PSK_ISSUED, DEVICE_KEY_RECORDED,
                    DEVICE_ASSIGNED,
                    INSTALL_REPORTED -> throw new IllegalStateException(
                    kind.wireName() + " concerns a device");
        };
    }
}
