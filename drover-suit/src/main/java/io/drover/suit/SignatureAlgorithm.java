package io.drover.suit;

/**
 * The COSE signature algorithms Drover signs and verifies with. Each accepts its older polymorphic COSE id and its
 * fully specified one (draft-ietf-jose-fully-specified-algorithms): ES256 (-7) and ESP256 (-9), EdDSA (-8) and Ed25519 (-19).
 */
public enum SignatureAlgorithm {
    /** ECDSA over P-256 with SHA-256; signatures are raw r||s (64 bytes). Signs with COSE id -7. */
    ES256(-7, -9),
    /** Ed25519 (RFC 8032). Signs with COSE id -8. */
    ED25519(-8, -19);

    private final int coseId;
    private final int fullySpecifiedCoseId;

    SignatureAlgorithm(int coseId, int fullySpecifiedCoseId) {
        this.coseId = coseId;
        this.fullySpecifiedCoseId = fullySpecifiedCoseId;
    }

    /** The COSE algorithm id Drover writes when it signs. */
    public int coseId() {
        return coseId;
    }

    /** Whether {@code id} names this algorithm (either its polymorphic or its fully specified COSE id). */
    public boolean matchesCoseId(long id) {
        return id == coseId || id == fullySpecifiedCoseId;
    }
}
