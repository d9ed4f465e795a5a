package io.drover.server.fleet;

/**
 * What a device proved in the DTLS handshake of its session, checked again at every request, so that a session
 * outlives neither a revocation nor the credential it was made with.
 */
public sealed interface SessionCredential {
    /** A pre-shared key of this generation. */
    record Psk(int generation) implements SessionCredential {}

    /** The identity key on record, as PEM. */
    record IdentityKey(String publicKeyPem) implements SessionCredential {}
}
