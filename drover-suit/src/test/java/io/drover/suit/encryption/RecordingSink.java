package io.drover.suit.encryption;

import java.io.ByteArrayOutputStream;

/** A sink that keeps what it is given and how it ended, and fails the test if it is ended twice or written after. */
final class RecordingSink implements PlaintextSink {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean committed;
    private boolean discarded;

    @Override
    public void write(byte[] bytes, int offset, int length) {
        requireOpen();
        written.write(bytes, offset, length);
    }

    @Override
    public void commit() {
        requireOpen();
        committed = true;
    }

    @Override
    public void discard() {
        requireOpen();
        discarded = true;
    }

    boolean committed() {
        return committed;
    }

    boolean discarded() {
        return discarded;
    }

    /** What was committed; empty unless committed. */
    byte[] committedBytes() {
        return committed ? written.toByteArray() : new byte[0];
    }

    private void requireOpen() {
        if (committed || discarded) {
            throw new AssertionError("sink used after it was " + (committed ? "committed" : "discarded"));
        }
    }
}
