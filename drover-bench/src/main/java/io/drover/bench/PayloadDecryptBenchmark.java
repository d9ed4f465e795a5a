package io.drover.bench;

import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.Decryption;
import io.drover.suit.encryption.EncryptedPayload;
import io.drover.suit.encryption.ExpectedPlaintext;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.PayloadEncryptor;
import io.drover.suit.encryption.PlaintextSink;
import io.drover.suit.encryption.Recipient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming payload decryption with its SHA-256 (what an agent does per image) against bare cipher loops over the
 * same 16 MiB, 8 KiB at a time, in one run so the figures compare as ratios: the JDK's AES-CTR alone, the JDK's
 * AES-CTR plus SHA-256, and BouncyCastle's streaming AES-GCM (the obvious way to stream GCM on the JVM).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadDecryptBenchmark {
    static final int PAYLOAD_BYTES = 16 << 20;
    private static final int CHUNK = 8192;

    private final byte[] key = new byte[16];
    private final byte[] out = new byte[CHUNK + 64];
    private byte[] plaintext;
    private Encrypted gcm;
    private Encrypted ctr;
    private byte[] bouncyCastleCiphertext;
    private PayloadDecryptor decryptor;

    /** One encrypted payload and what the manifest says of it. */
    private record Encrypted(byte[] info, byte[] ciphertext, ExpectedPlaintext expected) {
    }

    @Setup
    public void encrypt() throws IOException {
        var random = new SecureRandom();
        random.nextBytes(key);
        plaintext = new byte[PAYLOAD_BYTES];
        random.nextBytes(plaintext);
        GroupKey groupKey = GroupKey.generate(GroupKey.Algorithm.A128KW, random);
        decryptor = PayloadDecryptor.create(groupKey);
        gcm = encrypt(ContentEncryptionAlgorithm.A128GCM, groupKey);
        ctr = encrypt(ContentEncryptionAlgorithm.A128CTR, groupKey);
        GCMModeCipher bc = bouncyCastleGcm(true);
        bouncyCastleCiphertext = new byte[bc.getOutputSize(PAYLOAD_BYTES)];
        int n = bc.processBytes(plaintext, 0, PAYLOAD_BYTES, bouncyCastleCiphertext, 0);
        try {
            bc.doFinal(bouncyCastleCiphertext, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
    }

    private GCMModeCipher bouncyCastleGcm(boolean encrypt) {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, new byte[12]));
        return cipher;
    }

    private Encrypted encrypt(ContentEncryptionAlgorithm algorithm, GroupKey groupKey) throws IOException {
        var ciphertext = new ByteArrayOutputStream(PAYLOAD_BYTES + 16);
        EncryptedPayload payload = PayloadEncryptor.create(algorithm, List.of(Recipient.of(groupKey)))
                .encrypt(new ByteArrayInputStream(plaintext), ciphertext);
        return new Encrypted(payload.encryptionInfo(), ciphertext.toByteArray(),
                ExpectedPlaintext.image(payload.plaintextSha256(), payload.plaintextSize()));
    }

    @Benchmark
    public long droverGcmDecryptAndDigest() throws IOException {
        return decrypt(gcm);
    }

    @Benchmark
    public long droverCtrDecryptAndDigest() throws IOException {
        return decrypt(ctr);
    }

    @Benchmark
    public long jdkCtrLoop() throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        long total = 0;
        for (int offset = 0; offset < PAYLOAD_BYTES; offset += CHUNK) {
            total += cipher.update(ctr.ciphertext(), offset, CHUNK, out, 0);
        }
        return total;
    }

    @Benchmark
    public byte[] jdkCtrAndSha256Loop() throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int offset = 0; offset < PAYLOAD_BYTES; offset += CHUNK) {
            int n = cipher.update(ctr.ciphertext(), offset, CHUNK, out, 0);
            sha256.update(out, 0, n);
        }
        return sha256.digest();
    }

    @Benchmark
    public long bouncyCastleGcmLoop() throws InvalidCipherTextException {
        GCMModeCipher cipher = bouncyCastleGcm(false);
        long total = 0;
        for (int offset = 0; offset < bouncyCastleCiphertext.length; offset += CHUNK) {
            total += cipher.processBytes(bouncyCastleCiphertext, offset,
                    Math.min(CHUNK, bouncyCastleCiphertext.length - offset), out, 0);
        }
        return total + cipher.doFinal(out, 0);
    }

    private long decrypt(Encrypted payload) throws IOException {
        var sink = new CountingSink();
        Decryption outcome = decryptor.decrypt(payload.info(), new ByteArrayInputStream(payload.ciphertext()), sink,
                payload.expected());
        return outcome.orThrow().size() + sink.bytes;
    }

    /** Counts plaintext, as a sink that writes to a slot would take it, without the I/O. */
    static final class CountingSink implements PlaintextSink {
        long bytes;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            this.bytes += length;
        }

        @Override
        public void commit() {
        }

        @Override
        public void discard() {
        }
    }
}
