package io.drover.suit.encryption;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Run by {@link ConstantMemoryTest} in a child JVM with a tiny heap: encrypts a generated stream on one thread and
 * decrypts it through a pipe on another, so neither plaintext nor ciphertext ever exists whole. Exits 0 and prints
 * the peak heap when the payload committed; an implementation that buffers dies of OutOfMemoryError instead.
 * Arguments: megabytes, content algorithm.
 */
public final class StreamingDecryptChild {
    private StreamingDecryptChild() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]) << 20;
        var algorithm = ContentEncryptionAlgorithm.valueOf(args[1]);
        GroupKey key = GroupKey.create(new byte[16], SecretKeyAccess.get());

        // The decryptor needs the encryption info before the ciphertext, but the encryptor returns it at the end: a
        // first pass with the same seeded random yields the same content key, IV and so the same info.
        EncryptedPayload planned = encryptor(algorithm, key).encrypt(new GeneratedStream(size), OutputStream.nullOutputStream());
        var pipeIn = new PipedInputStream(64 * 1024);
        var pipeOut = new PipedOutputStream(pipeIn);
        Thread producer = Thread.ofPlatform().start(() -> {
            try (pipeOut) {
                encryptor(algorithm, key).encrypt(new GeneratedStream(size), pipeOut);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        long[] written = {0};
        Decryption outcome = PayloadDecryptor.create(key).decrypt(planned.encryptionInfo(), pipeIn, new PlaintextSink() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                written[0] += length;
            }

            @Override
            public void commit() {
            }

            @Override
            public void discard() {
            }
        }, ExpectedPlaintext.image(planned.plaintextSha256(), planned.plaintextSize()));
        producer.join();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(outcome + " written=" + written[0] + " peakHeapBytes=" + peak
                + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
        System.exit(outcome instanceof Decryption.Committed && written[0] == size ? 0 : 2);
    }

    private static PayloadEncryptor encryptor(ContentEncryptionAlgorithm algorithm, GroupKey key)
            throws GeneralSecurityException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        return PayloadEncryptor.create(algorithm, List.of(Recipient.of(key)), seeded);
    }
}
