package io.drover.error;

import java.util.Objects;

/**
 * The one exception Drover throws for a failure a caller can act on: bad input, a missing thing, a conflict.
 * It carries a stable {@link ErrorCode} and a message written for a person.
 */
public class DroverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public DroverException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public DroverException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
