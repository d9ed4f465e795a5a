package io.drover.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.server.testing.TestVendor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
    @TempDir
    Path root;

    @Test
    void namesABlobByItsSha256AndStoresItOnce() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        byte[] bytes = TestVendor.randomBytes(200_000, 7);
        StoredBlob first = store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.empty());
        StoredBlob second = store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.of(first.sha256()));

        assertThat(first.sha256().hex()).isEqualTo(TestVendor.sha256Hex(bytes));
        assertThat(second).isEqualTo(first);
        assertThat(files()).hasSize(1);
        assertThat(store.find(first.sha256())).contains(new StoredBlob(first.sha256(), bytes.length));
    }

    @Test
    void readsFromAnyPosition() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        byte[] bytes = TestVendor.randomBytes(1000, 8);
        Sha256 sha = store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.empty()).sha256();
        try (SeekableByteChannel channel = store.open(sha)) {
            ByteBuffer buffer = ByteBuffer.allocate(10);
            channel.position(990).read(buffer);
            assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(bytes, 990, 1000));
        }
    }

    @Test
    void readsBlocksOfManyBlobsInAnyOrderWhileKeepingOnlySomeOpen() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        List<byte[]> contents = new ArrayList<>();
        List<Sha256> digests = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // more than the store keeps open: the first ones are closed and opened again
            byte[] bytes = TestVendor.randomBytes(3000, 100 + i);
            contents.add(bytes);
            digests.add(store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.empty()).sha256());
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < contents.size(); i++) {
                assertThat(store.read(digests.get(i), 1024, 1024))
                        .isEqualTo(Arrays.copyOfRange(contents.get(i), 1024, 2048));
                assertThat(store.read(digests.get(i), 2048, 952))
                        .isEqualTo(Arrays.copyOfRange(contents.get(i), 2048, 3000));
            }
        }
        store.close();
        assertThatThrownBy(() -> store.read(digests.getFirst(), 0, 16)).hasMessageContaining("closed");
    }

    @Test
    void threadsReadingMoreBlobsThanAreKeptOpenEachGetTheirBytes() throws Exception {
        FileBlobStore store = FileBlobStore.open(root);
        List<byte[]> contents = new ArrayList<>();
        List<Sha256> digests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] bytes = TestVendor.randomBytes(4096, 300 + i);
            contents.add(bytes);
            digests.add(store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.empty()).sha256());
        }
        // Eight readers over more blobs than the store keeps open: files are closed under readers, who open them again.
        try (ExecutorService readers = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SplittableRandom random = new SplittableRandom(t);
                done.add(readers.submit(() -> {
                    for (int n = 0; n < 2_000; n++) {
                        int blob = random.nextInt(contents.size());
                        int offset = random.nextInt(4) * 1024;
                        assertThat(store.read(digests.get(blob), offset, 1024))
                                .isEqualTo(Arrays.copyOfRange(contents.get(blob), offset, offset + 1024));
                    }
                    return 2_000;
                }));
            }
            for (Future<Integer> reader : done) {
                assertThat(reader.get(1, TimeUnit.MINUTES)).isEqualTo(2_000);
            }
        }
        store.close();
    }

    @Test
    void aReaderInterruptedMidReadClosesTheFileForNobodyElse() throws Exception {
        FileBlobStore store = FileBlobStore.open(root);
        byte[] bytes = TestVendor.randomBytes(2048, 9);
        Sha256 sha = store.put(new ByteArrayInputStream(bytes), 1 << 20, Optional.empty()).sha256();
        assertThat(store.read(sha, 0, 1024)).isEqualTo(Arrays.copyOfRange(bytes, 0, 1024));

        // A file channel read by an interrupted thread closes itself, for every thread that shares it.
        List<Throwable> failures = new ArrayList<>();
        Thread interrupted = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                store.read(sha, 0, 1024);
            } catch (UncheckedIOException e) {
                failures.add(e.getCause());
            }
        });
        interrupted.start();
        interrupted.join();

        assertThat(failures).singleElement().isInstanceOf(ClosedByInterruptException.class);
        assertThat(store.read(sha, 1024, 1024)).isEqualTo(Arrays.copyOfRange(bytes, 1024, 2048));
    }

    @Test
    void aBlockReadPastTheEndOrOfAMissingBlobFailsClearly() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        Sha256 sha = store.put(new ByteArrayInputStream(new byte[1000]), 1 << 20, Optional.empty()).sha256();
        assertThatThrownBy(() -> store.read(sha, 990, 20))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("ended at byte 1000, before byte 1010");
        Sha256 missing = new Sha256(TestVendor.sha256Hex(new byte[] {9}));
        assertThatThrownBy(() -> store.read(missing, 0, 10))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(BlobErrors.NOT_FOUND));
        assertThat(store.read(sha, 0, 1000)).hasSize(1000);
    }

    @Test
    void refusesContentOverTheLimitAndKeepsNothing() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1001]), 1000, Optional.empty()))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(BlobErrors.TOO_LARGE));
        assertThat(files()).isEmpty();
    }

    @Test
    void refusesContentWithAnotherDigestAndKeepsNothing() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        Sha256 expected = new Sha256(TestVendor.sha256Hex(new byte[] {1}));
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[] {2}), 1000, Optional.of(expected)))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(BlobErrors.DIGEST_MISMATCH));
        assertThat(files()).isEmpty();
        assertThat(store.find(expected)).isEmpty();
    }

    @Test
    void anUploadThatBreaksOffLeavesNothingBehind() throws IOException {
        FileBlobStore store = FileBlobStore.open(root);
        InputStream breaksOff = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= 50_000) {
                    throw new IOException("connection reset");
                }
                return 42;
            }
        };
        assertThatThrownBy(() -> store.put(breaksOff, 1 << 20, Optional.empty()))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(BlobErrors.UPLOAD_INTERRUPTED));
        assertThat(files()).isEmpty();
    }

    @Test
    void discardsUploadsACrashLeftUnfinishedButNotThoseAnotherNodeIsWriting() throws IOException {
        FileBlobStore.open(root);
        Path leftover = Files.writeString(root.resolve("tmp/upload-123.part"), "half an upload");
        Files.setLastModifiedTime(leftover,
                FileTime.from(Instant.now().minus(FileBlobStore.ABANDONED_UPLOAD).minusSeconds(60)));
        Path underWay = Files.writeString(root.resolve("tmp/upload-456.part"), "an upload under way");
        FileBlobStore.open(root);
        assertThat(leftover).doesNotExist();
        assertThat(underWay).hasContent("an upload under way");
    }

    @Test
    void opensOnlyStoredBlobs() {
        FileBlobStore store = FileBlobStore.open(root);
        Sha256 absent = new Sha256(TestVendor.sha256Hex(new byte[] {3}));
        assertThatThrownBy(() -> store.open(absent))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(BlobErrors.NOT_FOUND));
    }

    private List<Path> files() throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
