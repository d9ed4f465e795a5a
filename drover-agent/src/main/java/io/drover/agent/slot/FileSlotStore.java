package io.drover.agent.slot;

import io.drover.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default {@link SlotStore}: {@code dataDir/slots/A|B/<component>.img}. A download in progress lives beside
 * them as {@code <component>.<sha256>.part}; naming the partial by its digest is what makes resuming it after a
 * restart safe, because the bytes of a content-addressed image never change.
 */
public final class FileSlotStore implements SlotStore {
    private static final String IMAGE_SUFFIX = ".img";

    private final Path slotsDirectory;

    public FileSlotStore(Path dataDir) {
        this.slotsDirectory = Objects.requireNonNull(dataDir, "dataDir").resolve("slots");
    }

    @Override
    public ImageWriter stage(SlotId slot, String component, ImageDigest image) throws IOException {
        Path directory = slotDirectory(slot);
        Path partial = directory.resolve(ComponentNames.requireValid(component) + "." + image.sha256() + ".part");
        return PartialFile.open(partial, imagePath(slot, component));
    }

    @Override
    public void copy(String component, SlotId from, SlotId to) throws IOException {
        Path target = imagePath(to, component);
        Path temp = AtomicFiles.temporarySibling(target);
        try (FileChannel source = FileChannel.open(imagePath(from, component), StandardOpenOption.READ);
                FileChannel sink = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = source.size();
            for (long done = 0; done < size; ) {
                done += source.transferTo(done, size - done, sink);
            }
            sink.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        AtomicFiles.moveDurably(temp, target);
    }

    @Override
    public void retainOnly(SlotId slot, Set<String> components) throws IOException {
        Path directory = slotDirectory(slot);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean kept = name.endsWith(IMAGE_SUFFIX) && components.contains(componentOf(name));
                if (!kept) {
                    Files.deleteIfExists(entry);
                }
            }
        }
        AtomicFiles.forceDirectory(directory);
    }

    @Override
    public Set<String> components(SlotId slot) throws IOException {
        Set<String> components = new TreeSet<>();
        try (DirectoryStream<Path> images = Files.newDirectoryStream(slotDirectory(slot), "*" + IMAGE_SUFFIX)) {
            for (Path image : images) {
                components.add(componentOf(image.getFileName().toString()));
            }
        }
        return Set.copyOf(components);
    }

    @Override
    public InputStream open(SlotId slot, String component) throws IOException {
        return Files.newInputStream(imagePath(slot, component));
    }

    @Override
    public SeekableByteChannel openAtAnyPosition(SlotId slot, String component) throws IOException {
        return FileChannel.open(imagePath(slot, component), StandardOpenOption.READ);
    }

    private Path imagePath(SlotId slot, String component) throws IOException {
        return slotDirectory(slot).resolve(ComponentNames.requireValid(component) + IMAGE_SUFFIX);
    }

    private Path slotDirectory(SlotId slot) throws IOException {
        return AtomicFiles.createDirectories(slotsDirectory.resolve(slot.name()));
    }

    private static String componentOf(String imageFileName) {
        return imageFileName.substring(0, imageFileName.length() - IMAGE_SUFFIX.length());
    }
}
