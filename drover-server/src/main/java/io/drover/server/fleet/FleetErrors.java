package io.drover.server.fleet;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of device classes, devices and their credentials. */
public final class FleetErrors {
    public static final ErrorCode INVALID = new ErrorCode("fleet.invalid", Category.MALFORMED);
    public static final ErrorCode CLASS_NOT_FOUND = new ErrorCode("fleet.class-not-found", Category.NOT_FOUND);
    public static final ErrorCode CLASS_EXISTS = new ErrorCode("fleet.class-exists", Category.CONFLICT);
    public static final ErrorCode DEVICE_NOT_FOUND = new ErrorCode("fleet.device-not-found", Category.NOT_FOUND);
    public static final ErrorCode DEVICE_EXISTS = new ErrorCode("fleet.device-exists", Category.CONFLICT);
    public static final ErrorCode SIGNER_NOT_FOUND = new ErrorCode("fleet.signer-not-found", Category.NOT_FOUND);
    public static final ErrorCode SIGNER_EXISTS = new ErrorCode("fleet.signer-exists", Category.CONFLICT);
    public static final ErrorCode UNKNOWN_CREDENTIAL = new ErrorCode("device.unknown-credential", Category.UNAUTHENTICATED);
    /** The device already has another identity key on record (trust on first use). */
    public static final ErrorCode IDENTITY_CONFLICT = new ErrorCode("device.identity-conflict", Category.CONFLICT);
    /** A check-in's idle ticket is not in the form the server issues them. */
    public static final ErrorCode BAD_TICKET = new ErrorCode("device.bad-ticket", Category.MALFORMED);
    public static final ErrorCode REVOKED_CREDENTIAL = new ErrorCode("device.revoked-credential", Category.UNAUTHENTICATED);

    private FleetErrors() {}
}
