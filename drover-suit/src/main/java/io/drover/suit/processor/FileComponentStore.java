package io.drover.suit.processor;

import io.drover.suit.ComponentId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Platform} on a folder: each component (and slot) is a file under {@code current/}, staged content a file
 * under {@code staged/}, and a commit an atomic move from one to the other. Versions live beside the content as
 * {@code <name>.version} ("1.4.0"). Identities are one vendor and class (and optionally device) id for every
 * component, as on a device of one class.
 */
public final class FileComponentStore implements Platform {
    /** What one invocation asked for, kept so that a caller can see what would have run. */
    public record Invocation(ComponentRef component, Optional<byte[]> arguments) {
    }

    private final Path current;
    private final Path staged;
    private final PayloadSource payloads;
    private final UUID vendorId;
    private final UUID classId;
    private final Optional<UUID> deviceId;
    private final Map<ComponentId, Long> installSlots = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new ArrayList<>();

    private FileComponentStore(Path root, PayloadSource payloads, UUID vendorId, UUID classId,
            Optional<UUID> deviceId) throws IOException {
        this.current = Files.createDirectories(root.resolve("current"));
        this.staged = Files.createDirectories(root.resolve("staged"));
        this.payloads = payloads;
        this.vendorId = vendorId;
        this.classId = classId;
        this.deviceId = deviceId;
    }

    /** A store under {@code root} (created if missing) for a device of this vendor and class. */
    public static FileComponentStore create(Path root, PayloadSource payloads, UUID vendorId, UUID classId,
            Optional<UUID> deviceId) throws IOException {
        return new FileComponentStore(Objects.requireNonNull(root, "root"), Objects.requireNonNull(payloads, "payloads"),
                Objects.requireNonNull(vendorId, "vendorId"), Objects.requireNonNull(classId, "classId"),
                Objects.requireNonNull(deviceId, "deviceId"));
    }

    /** Declares the slot a new image of {@code component} goes to (the inactive one of an A/B pair). */
    public FileComponentStore installSlot(ComponentId component, long slot) {
        installSlots.put(component, slot);
        return this;
    }

    /** Sets the content of a component directly, as a factory image would. */
    public void install(ComponentRef ref, byte[] content) throws IOException {
        Files.write(current.resolve(name(ref)), content);
    }

    /** The committed content of a component; empty if it has none. */
    public Optional<byte[]> content(ComponentRef ref) throws IOException {
        Path file = current.resolve(name(ref));
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    public void setVersion(ComponentId component, List<Long> version) throws IOException {
        Files.writeString(current.resolve(name(ComponentRef.of(component)) + ".version"),
                String.join(".", version.stream().map(String::valueOf).toList()));
    }

    public synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    @Override
    public Optional<InputStream> open(ComponentRef ref) throws IOException {
        Path file = visible(ref);
        return Files.exists(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
    }

    @Override
    public OptionalLong size(ComponentRef ref) throws IOException {
        Path file = visible(ref);
        return Files.exists(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    }

    @Override
    public void stage(ComponentRef ref, InputStream content) throws IOException {
        Path target = staged.resolve(name(ref));
        Path partial = staged.resolve(name(ref) + ".partial");
        Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Streams through files, so images of any size swap; a side with no content swaps as empty. */
    @Override
    public void swap(ComponentRef a, ComponentRef b) throws IOException {
        Path aside = staged.resolve(name(a) + ".swap");
        copyVisible(a, aside);
        copyVisible(b, staged.resolve(name(a) + ".partial"));
        Files.move(staged.resolve(name(a) + ".partial"), staged.resolve(name(a)), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(aside, staged.resolve(name(b)), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void commit(ComponentRef ref) throws IOException {
        Path file = staged.resolve(name(ref));
        if (Files.exists(file)) {
            Files.move(file, current.resolve(name(ref)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public void discard(ComponentRef ref) throws IOException {
        Files.deleteIfExists(staged.resolve(name(ref)));
    }

    @Override
    public InputStream fetch(URI uri) throws IOException {
        return payloads.open(uri);
    }

    @Override
    public synchronized void invoke(ComponentRef ref, Optional<byte[]> arguments) {
        invocations.add(new Invocation(ref, arguments.map(byte[]::clone)));
    }

    @Override
    public Optional<byte[]> identity(ComponentId component, Identity kind) {
        return switch (kind) {
            case VENDOR -> Optional.of(bytes(vendorId));
            case CLASS -> Optional.of(bytes(classId));
            case DEVICE -> deviceId.map(FileComponentStore::bytes);
        };
    }

    @Override
    public OptionalLong installSlot(ComponentId component) {
        Long slot = installSlots.get(component);
        return slot == null ? OptionalLong.empty() : OptionalLong.of(slot);
    }

    @Override
    public Optional<List<Long>> version(ComponentId component) {
        Path file = current.resolve(name(ComponentRef.of(component)) + ".version");
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(Arrays.stream(Files.readString(file).trim().split("\\."))
                    .map(Long::parseLong).toList());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path visible(ComponentRef ref) {
        Path stagedFile = staged.resolve(name(ref));
        return Files.exists(stagedFile) ? stagedFile : current.resolve(name(ref));
    }

    private void copyVisible(ComponentRef ref, Path target) throws IOException {
        Path file = visible(ref);
        if (Files.exists(file)) {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.write(target, new byte[0]);
        }
    }

    /**
     * A file name no component id can escape from: hex of each segment, joined by '-', plus '@slot'. Empty ids
     * (and segments) still get a name.
     */
    private static String name(ComponentRef ref) {
        var name = new StringBuilder("c");
        for (byte[] segment : ref.id().segments()) {
            name.append('-').append(HexFormat.of().formatHex(segment));
        }
        ref.slot().ifPresent(slot -> name.append('@').append(slot));
        return name.toString();
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
