package io.drover.suit;

/**
 * The capability to see raw secret key bytes. Every call site that reads or builds a secret key from bytes passes
 * {@link #get()}, so a search for {@code SecretKeyAccess.get} finds every place secrets cross the API (after Tink's
 * class of the same name).
 */
public final class SecretKeyAccess {
    private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

    private SecretKeyAccess() {
    }

    public static SecretKeyAccess get() {
        return INSTANCE;
    }

    /** Fails unless the caller passed the capability. */
    public static void require(SecretKeyAccess access) {
        if (access == null) {
            throw new IllegalArgumentException("secret key bytes need SecretKeyAccess.get()");
        }
    }
}
