package io.drover.suit.encryption;

/** The curves a device's recipient key can be on for ECDH-ES key distribution. */
public enum RecipientCurve {
    X25519,
    P256
}
