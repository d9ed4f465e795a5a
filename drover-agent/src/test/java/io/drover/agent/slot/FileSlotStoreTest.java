package io.drover.agent.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.testing.TestRelease.Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSlotStoreTest {
    private static final Image APP = Image.of("app", "1.1.0", 10_000);
    private static final Image OS = Image.of("os", "4.0", 5_000);

    @TempDir
    Path dataDir;

    private final ImageDigest appDigest = ImageDigest.of(APP.sha256(), APP.content().length);

    private FileSlotStore store() {
        return new FileSlotStore(dataDir);
    }

    @Test
    void commitsAStagedImageIntoTheSlot() throws IOException {
        FileSlotStore store = store();
        try (ImageWriter writer = store.stage(SlotId.B, "app", appDigest)) {
            writer.write(APP.content(), 0, APP.content().length);
            writer.commit();
        }

        assertThat(dataDir.resolve("slots/B/app.img")).hasBinaryContent(APP.content());
        assertThat(store.components(SlotId.B)).containsExactly("app");
        assertThat(filesIn(SlotId.B)).containsExactly("app.img");
    }

    @Test
    void aWriterHoldsNoFileUntilItsFirstByte() throws IOException {
        FileSlotStore store = store();
        long openBefore = openFileDescriptors();
        List<ImageWriter> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(store.stage(SlotId.B, "app" + i, appDigest));
        }
        // A device waiting for the server's answer costs no descriptor: thousands wait at once in an emulator.
        assertThat(openFileDescriptors() - openBefore).isLessThan(10);
        assertThat(filesIn(SlotId.B)).isEmpty();

        waiting.getFirst().write(APP.content(), 0, 10);
        assertThat(filesIn(SlotId.B)).containsExactly("app0." + appDigest.sha256() + ".part");
        for (ImageWriter writer : waiting) {
            writer.close();
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void refusesToStageOverSomethingThatIsNotAFile() throws IOException {
        Files.createDirectories(dataDir.resolve("slots/B/app." + appDigest.sha256() + ".part"));
        assertThatThrownBy(() -> store().stage(SlotId.B, "app", appDigest)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("is not a file");
    }

    @Test
    void keepsTheOldImageUntilTheNewOneIsCommitted() throws IOException {
        FileSlotStore store = store();
        write(store, SlotId.B, OS.component(), OS.content());
        try (ImageWriter writer = store.stage(SlotId.B, "os", appDigest)) {
            writer.write(APP.content(), 0, 100);

            assertThat(read(store, SlotId.B, "os")).isEqualTo(OS.content());
        }
        assertThat(read(store, SlotId.B, "os")).isEqualTo(OS.content());
    }

    @Test
    void resumesAPartialImageOfTheSameDigestAfterReopening() throws IOException {
        FileSlotStore store = store();
        try (ImageWriter writer = store.stage(SlotId.B, "app", appDigest)) {
            writer.write(APP.content(), 0, 4_000);
        }

        try (ImageWriter writer = new FileSlotStore(dataDir).stage(SlotId.B, "app", appDigest)) {
            assertThat(writer.size()).isEqualTo(4_000);
            writer.write(APP.content(), 4_000, APP.content().length - 4_000);
            try (InputStream readBack = writer.readBack()) {
                assertThat(ImageDigest.of(readBack)).isEqualTo(appDigest);
            }
            writer.commit();
        }
        assertThat(read(store, SlotId.B, "app")).isEqualTo(APP.content());
    }

    @Test
    void startsAfreshForAnImageWithAnotherDigest() throws IOException {
        FileSlotStore store = store();
        try (ImageWriter writer = store.stage(SlotId.B, "app", appDigest)) {
            writer.write(APP.content(), 0, 4_000);
        }

        ImageDigest other = ImageDigest.of(OS.sha256(), OS.content().length);
        try (ImageWriter writer = store.stage(SlotId.B, "app", other)) {
            assertThat(writer.size()).isZero();
        }
    }

    @Test
    void restartThrowsAwayWhatWasWritten() throws IOException {
        try (ImageWriter writer = store().stage(SlotId.B, "app", appDigest)) {
            writer.write(OS.content(), 0, 3_000);
            writer.restart();
            writer.write(APP.content(), 0, APP.content().length);

            assertThat(writer.size()).isEqualTo(APP.content().length);
            try (InputStream readBack = writer.readBack()) {
                assertThat(readBack.readAllBytes()).isEqualTo(APP.content());
            }
        }
    }

    @Test
    void discardLeavesNothingBehind() throws IOException {
        try (ImageWriter writer = store().stage(SlotId.B, "app", appDigest)) {
            writer.write(APP.content(), 0, 3_000);
            writer.discard();
        }

        assertThat(filesIn(SlotId.B)).isEmpty();
    }

    @Test
    void copiesAnImageIntoTheOtherSlot() throws IOException {
        FileSlotStore store = store();
        write(store, SlotId.A, "os", OS.content());

        store.copy("os", SlotId.A, SlotId.B);

        assertThat(read(store, SlotId.B, "os")).isEqualTo(OS.content());
        assertThat(filesIn(SlotId.B)).containsExactly("os.img");
    }

    @Test
    void retainOnlyRemovesOtherImagesAndLeftoverPartials() throws IOException {
        FileSlotStore store = store();
        write(store, SlotId.B, "app", APP.content());
        write(store, SlotId.B, "os", OS.content());
        write(store, SlotId.B, "bootloader", new byte[10]);
        try (ImageWriter writer = store.stage(SlotId.B, "app", appDigest)) {
            writer.write(APP.content(), 0, 10);
        }
        Files.write(dataDir.resolve("slots/B/os.img.1234.tmp"), new byte[3]);

        store.retainOnly(SlotId.B, Set.of("app", "os"));

        assertThat(filesIn(SlotId.B)).containsExactly("app.img", "os.img");
    }

    @Test
    void listsOnlyCompleteImages() throws IOException {
        FileSlotStore store = store();
        write(store, SlotId.A, "os", OS.content());
        try (ImageWriter writer = store.stage(SlotId.A, "app", appDigest)) {
            writer.write(APP.content(), 0, 10);
        }

        assertThat(store.components(SlotId.A)).containsExactly("os");
        assertThat(store.components(SlotId.B)).isEmpty();
    }

    @Test
    void reportsAMissingImageAsNoSuchFile() {
        assertThatThrownBy(() -> store().open(SlotId.A, "app")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesComponentNamesThatCouldLeaveTheSlot() {
        FileSlotStore store = store();
        for (String name : new String[] {"../app", "a/b", ".hidden", "", "x".repeat(65)}) {
            assertThatThrownBy(() -> store.open(SlotId.A, name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void viewShowsOneSlot() throws IOException {
        FileSlotStore store = store();
        write(store, SlotId.B, "app", APP.content());

        SlotView view = store.view(SlotId.B);

        assertThat(view.id()).isEqualTo(SlotId.B);
        assertThat(view.components()).containsExactly("app");
        try (InputStream image = view.open("app")) {
            assertThat(image.readAllBytes()).isEqualTo(APP.content());
        }
    }

    private static void write(FileSlotStore store, SlotId slot, String component, byte[] content)
            throws IOException {
        ImageDigest digest = ImageDigest.of(io.drover.agent.testing.TestRelease.sha256(content), content.length);
        try (ImageWriter writer = store.stage(slot, component, digest)) {
            writer.write(content, 0, content.length);
            writer.commit();
        }
    }

    private static byte[] read(FileSlotStore store, SlotId slot, String component) throws IOException {
        try (InputStream image = store.open(slot, component)) {
            return image.readAllBytes();
        }
    }

    private java.util.List<String> filesIn(SlotId slot) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("slots").resolve(slot.name()))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
