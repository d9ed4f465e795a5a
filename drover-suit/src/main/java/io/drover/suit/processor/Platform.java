package io.drover.suit.processor;

import io.drover.suit.ComponentId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the processor needs from the device: component storage with staging, payload fetching, invocation, and the
 * device's answers to identity, slot and version conditions.
 *
 * <p>Writes are staged: {@link #stage} and {@link #swap} change only what {@link #open} returns, until
 * {@link #commit} makes one staged component current or {@link #discard} drops it. The processor commits only
 * after every sequence of a run succeeded, so a failed update leaves every target as it was.
 */
public interface Platform {
    /** Which identity a vendor-, class- or device-identifier condition compares. */
    enum Identity { VENDOR, CLASS, DEVICE }

    /** The component's content as it would be after commit (staged if staged, else current); empty if none. */
    Optional<InputStream> open(ComponentRef ref) throws IOException;

    /** The SHA-256 of {@link #open}'s content; a store that keeps digests may answer without reading. */
    default Optional<byte[]> sha256(ComponentRef ref) throws IOException {
        Optional<InputStream> in = open(ref);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = stream.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return Optional.of(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The size of {@link #open}'s content in bytes; empty if none. */
    OptionalLong size(ComponentRef ref) throws IOException;

    /** Replaces the staged content of {@code ref} with {@code content}, which the platform reads to its end. */
    void stage(ComponentRef ref, InputStream content) throws IOException;

    /** Stages {@code a}'s content into {@code b} and {@code b}'s into {@code a}. */
    void swap(ComponentRef a, ComponentRef b) throws IOException;

    /** Makes the staged content of {@code ref} current. */
    void commit(ComponentRef ref) throws IOException;

    /** Drops anything staged for {@code ref}; the current content stays. */
    void discard(ComponentRef ref) throws IOException;

    /** Opens a payload by URI (http, file, or whatever the device speaks). */
    InputStream fetch(URI uri) throws IOException;

    /** Starts the component (boot, exec, load), with the manifest's invoke-args if it gives some. */
    void invoke(ComponentRef ref, Optional<byte[]> arguments) throws IOException;

    /** The device's identifier of this kind for the component, as SUIT compares it (16-byte UUID); empty if none. */
    Optional<byte[]> identity(ComponentId component, Identity kind);

    /** The slot the device would install this component into, for condition-component-slot; empty if unslotted. */
    OptionalLong installSlot(ComponentId component);

    /** The version of the component now installed, as integers (e.g. [1, 4, 0]); empty if unknown. */
    Optional<List<Long>> version(ComponentId component);
}
