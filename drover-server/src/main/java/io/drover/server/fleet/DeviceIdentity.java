package io.drover.server.fleet;

import io.drover.suit.VerificationKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The public key a device signs its install reports with, and who put it on record when.
 *
 * @param registeredBy {@link Source#DEVICE} when the device registered it itself (trust on first use under its token),
 *     {@link Source#OPERATOR} when an operator provisioned it
 */
public record DeviceIdentity(VerificationKey key, Instant registeredAt, Source registeredBy) {
    public enum Source {
        DEVICE,
        OPERATOR
    }

    public DeviceIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(registeredBy, "registeredBy");
    }

    /** The identity as the management API shows it: the key, its id and its full fingerprint. */
    public record View(String algorithm, String keyId, String fingerprint, String publicKeyPem, Instant registeredAt,
            Source registeredBy) {
        static View of(DeviceIdentity identity) {
            VerificationKey key = identity.key();
            return new View(key.algorithm().name(), key.keyId(), key.fingerprint(), key.toPem(),
                    identity.registeredAt(), identity.registeredBy());
        }
    }

    /** What a device learns when its key is on record. */
    public record Registration(String deviceId, String keyId, String fingerprint) {}

    /** A request carrying a public key in PEM. */
    public record NewKey(String publicKeyPem) {
        public VerificationKey key() {
            return VerificationKey.fromPem(publicKeyPem);
        }
    }
}
