package io.drover.server.ledger;

/** What a ledger entry records; its {@link #wireName()} is the entry's {@code kind}, part of the export format. */
public enum EntryKind {
    CLASS_DEFINED("class.defined"),
    COMPATIBILITY_CHANGED("compatibility.changed"),
    USER_CREATED("user.created"),
    USER_REVOKED("user.revoked"),
    DEVICE_REGISTERED("device.registered"),
    DEVICE_REVOKED("device.revoked"),
    DEVICE_KEY_CLEARED("device.key-cleared"),
    DEVICE_PSK_ISSUED("device.psk-issued"),
    SIGNER_KEY_REGISTERED("signer-key.registered"),
    SIGNER_KEY_REVOKED("signer-key.revoked"),
    DEVICE_KEY_RECORDED("device.key-recorded"),
    RELEASE_UPLOADED("release.uploaded"),
    ROLLOUT_CREATED("rollout.created"),
    ROLLOUT_APPROVED("rollout.approved"),
    ROLLOUT_CHANGED("rollout.changed"),
    DEVICE_ASSIGNED("device.assigned"),
    INSTALL_REPORTED("install.reported");

    private final String wireName;

    EntryKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
