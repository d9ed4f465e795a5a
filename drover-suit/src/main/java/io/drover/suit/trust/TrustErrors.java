package io.drover.suit.trust;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes of trust-domain checks. */
public final class TrustErrors {
    /** A manifest touches a component outside its signers' trust domains, or lacks a signature the policy requires. */
    public static final ErrorCode OUTSIDE_DOMAIN = new ErrorCode("trust.outside-domain", Category.REJECTED);
    /** A dependency envelope is not authentic (signature, digest) or is not the one its dependent names. */
    public static final ErrorCode DEPENDENCY_REJECTED = new ErrorCode("trust.dependency-rejected", Category.REJECTED);

    private TrustErrors() {
    }
}
