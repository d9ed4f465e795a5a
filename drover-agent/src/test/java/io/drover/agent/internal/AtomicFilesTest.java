package io.drover.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesAFileWholeAndLeavesNoTemporaryFileBehind() throws IOException {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, "old".getBytes());

        AtomicFiles.write(target, "new".getBytes());

        assertThat(target).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void deletesTheTemporaryFilesACrashLeftInAFolderAndNothingElse() throws IOException {
        Path target = dir.resolve("state.json");
        Files.writeString(target, "saved");
        Path leftover = Files.writeString(AtomicFiles.temporarySibling(target), "half");
        Path otherFilesLeftover = Files.writeString(AtomicFiles.temporarySibling(dir.resolve("status.json")), "half");
        Path lookalike = Files.writeString(dir.resolve("state.json.backup.tmp"), "kept");
        Path below = Files.createDirectories(dir.resolve("slots/B"));
        Path leftoverBelow = Files.writeString(AtomicFiles.temporarySibling(below.resolve("app.img")), "copy");

        AtomicFiles.deleteLeftoversIn(dir);

        assertThat(leftover).doesNotExist();
        assertThat(otherFilesLeftover).doesNotExist();
        assertThat(target).hasContent("saved");
        assertThat(lookalike).hasContent("kept");
        assertThat(leftoverBelow).as("the slot store clears its own folders").hasContent("copy");
    }

    @Test
    void deletingLeftoversInAFolderNotYetMadeDoesNothing() throws IOException {
        AtomicFiles.deleteLeftoversIn(dir.resolve("not-yet"));

        assertThat(dir.resolve("not-yet")).doesNotExist();
    }

    @Test
    void createsMissingDirectoriesAndLeavesExistingOnesAlone() throws IOException {
        Path slot = dir.resolve("data/slots/B");

        assertThat(AtomicFiles.createDirectories(slot)).isEqualTo(slot);
        Files.writeString(slot.resolve("app.img"), "image");
        assertThat(AtomicFiles.createDirectories(slot)).isEqualTo(slot);

        assertThat(slot.resolve("app.img")).hasContent("image");
    }

    @Test
    void refusesToCreateADirectoryWhereAFileIs() throws IOException {
        Files.writeString(dir.resolve("slots"), "not a folder");

        assertThatThrownBy(() -> AtomicFiles.createDirectories(dir.resolve("slots/B")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(dir.resolve("slots")).hasContent("not a folder");
    }
}
