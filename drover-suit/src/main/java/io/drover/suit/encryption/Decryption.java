package io.drover.suit.encryption;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a {@link PayloadDecryptor#decrypt} ended. Exactly one outcome reached the sink: {@link Committed} after
 * {@link PlaintextSink#commit()}, {@link Discarded} after {@link PlaintextSink#discard()}.
 */
public sealed interface Decryption {

    /** The plaintext passed every check and the sink committed it. */
    record Committed(byte[] sha256, long size) implements Decryption {
        public Committed {
            sha256 = Objects.requireNonNull(sha256, "sha256").clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Committed other && Arrays.equals(sha256, other.sha256) && size == other.size;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256) * 31 + Long.hashCode(size);
        }

        @Override
        public String toString() {
            return "Committed[sha256=" + HexFormat.of().formatHex(sha256) + ", size=" + size + "]";
        }
    }

    /** The sink discarded everything it was given; {@code reason} is an {@link EncryptionErrors} code. */
    record Discarded(ErrorCode reason, String message) implements Decryption {
        public Discarded {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The committed outcome, or a {@link DroverException} with the reason it was discarded. */
    default Committed orThrow() {
        return switch (this) {
            case Committed committed -> committed;
            case Discarded discarded -> throw new DroverException(discarded.reason(), discarded.message());
        };
    }
}
