package io.drover.suit.encryption;

import io.drover.suit.SecretKeyAccess;
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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Run by {@link ConstantMemoryTest} in a child JVM with a tiny heap: encrypts a generated stream on one thread and
 * decrypts it through a pipe on another, so neither plaintext nor ciphertext ever exists whole. Exits 0 and prints
 * the peak heap when the payload committed; an implementation that buffers dies of OutOfMemoryError instead.
 * Arguments: megabytes, content algorithm, or {@code JDK_GCM_CONTROL} to decrypt with the JDK's AES/GCM Cipher, which
 * buffers, to show that the heap is small enough to catch buffering.
 */
public final class StreamingDecryptChild {
    private StreamingDecryptChild() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]) << 20;
        if (args[1].equals("JDK_GCM_CONTROL")) {
            jdkGcmControl(size);
            return;
        }
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

    /** Feeds {@code size} bytes to a JDK AES/GCM decryption; it keeps them all until doFinal, so this runs out of heap. */
    private static void jdkGcmControl(long size) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
        byte[] chunk = new byte[8192];
        var stream = new GeneratedStream(size);
        for (int n = stream.read(chunk, 0, chunk.length); n != -1; n = stream.read(chunk, 0, chunk.length)) {
            cipher.update(chunk, 0, n);
        }
        System.out.println("the JDK's GCM decryption held " + (size >> 20) + " MiB without running out of heap");
    }

    private static PayloadEncryptor encryptor(ContentEncryptionAlgorithm algorithm, GroupKey key)
            throws GeneralSecurityException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        return PayloadEncryptor.create(algorithm, List.of(Recipient.of(key)), seeded);
    }
}
