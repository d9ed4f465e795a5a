package io.drover.bench;

import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.Decryption;
import io.drover.suit.encryption.EncryptedPayload;
import io.drover.suit.encryption.ExpectedPlaintext;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.PayloadEncryptor;
import io.drover.suit.encryption.Recipient;
import io.drover.suit.SecretKeyAccess;
import java.io.IOException;
import java.io.InputStream;
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
 * Peak heap while decrypting a large payload: a generated plaintext is encrypted on one thread and decrypted through
 * a pipe on another, so no payload-sized array exists anywhere. Run with a small heap (the launcher uses -Xmx16m):
 * {@code ./drover bench heap [MiB] [A128GCM|A256GCM|A128CTR|A256CTR]}. It prints the live heap before decrypting,
 * the largest heap in use after any GC while decrypting (what a buffering decryptor would grow), and the largest
 * sampled heap in use (garbage included). With 16 MiB of heap, a decryptor that held the payload would fail.
 */
public final class DecryptHeap {
    private DecryptHeap() {
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        var algorithm = ContentEncryptionAlgorithm.valueOf(args.length > 1 ? args[1] : "A128GCM");
        GroupKey key = GroupKey.create(new byte[16], SecretKeyAccess.get());

        // The decryptor needs the encryption info before the ciphertext, and the encryptor returns it at the end:
        // a first pass with the same seeded random draws the same content key and IV, so the same info.
        EncryptedPayload planned = encryptor(algorithm, key).encrypt(new Generated(size), OutputStream.nullOutputStream());
        var pipeIn = new PipedInputStream(64 * 1024);
        var pipeOut = new PipedOutputStream(pipeIn);
        Thread producer = Thread.ofPlatform().start(() -> {
            try (pipeOut) {
                encryptor(algorithm, key).encrypt(new Generated(size), pipeOut);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        System.gc();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        var sampler = new HeapSampler();
        Thread.ofPlatform().daemon().start(sampler);
        resetPeaks();
        long start = System.nanoTime();
        var sink = new PayloadDecryptBenchmark.CountingSink();
        Decryption outcome = PayloadDecryptor.create(key).decrypt(planned.encryptionInfo(), pipeIn, sink,
                ExpectedPlaintext.image(planned.plaintextSha256(), planned.plaintextSize()));
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.join();

        System.out.printf("%s %d MiB: %s in %.1f s (encrypting on the other thread at the same time)%n",
                algorithm, size >> 20, outcome.orThrow(), seconds);
        System.out.printf("max heap %.1f MiB; live heap after a full GC before decrypting %.2f MiB; peak heap after any"
                + " GC while decrypting %.2f MiB; peak sampled heap in use %.2f MiB%n",
                mib(Runtime.getRuntime().maxMemory()), mib(baseline), mib(Math.max(sampler.peakAfterGc, afterGc())),
                mib(sampler.peak));
    }

    private static PayloadEncryptor encryptor(ContentEncryptionAlgorithm algorithm, GroupKey key)
            throws GeneralSecurityException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        return PayloadEncryptor.create(algorithm, List.of(Recipient.of(key)), seeded);
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Heap in use right after the most recent GC (sum over heap pools): the live set at that moment. */
    private static long afterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Samples heap use, and the live set the last GC left, every millisecond. */
    private static final class HeapSampler implements Runnable {
        volatile long peak;
        volatile long peakAfterGc;

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                peakAfterGc = Math.max(peakAfterGc, afterGc());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A deterministic generated stream of {@code size} bytes. */
    private static final class Generated extends InputStream {
        private final long size;
        private long position;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ * 31 & 0xFF) : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((position + i) * 31);
            }
            position += n;
            return n;
        }
    }
}
