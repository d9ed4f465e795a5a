package io.drover.suit.encryption;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link PayloadDecryptor} puts plaintext. AES-GCM output is released before its tag is checked, so what
 * {@link #write} receives is unverified: a sink must keep it away from its target until {@link #commit()}. The
 * decryptor calls exactly one of {@link #commit()} (every check passed) and {@link #discard()} (anything failed,
 * including an exception), and nothing after it.
 */
public interface PlaintextSink {
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Makes the plaintext the target's content, all at once. If this throws, {@link #discard()} follows. */
    void commit() throws IOException;

    /** Forgets everything written; must not throw. */
    void discard();

    /**
     * A sink that writes to a hidden temporary file next to {@code target} and moves it over the target atomically
     * on commit: the target holds either its old content or the whole verified plaintext, never a part.
     */
    static PlaintextSink stagedFile(Path target) throws IOException {
        return StagedFileSink.create(target);
    }
}
