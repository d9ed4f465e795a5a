package io.drover.suit.processor;

import io.drover.suit.ComponentId;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.Vectors;
import io.drover.suit.Verification;
import io.drover.suit.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A device of the class the SUIT draft examples address (vendor fa6b4a53-…, class 1492af14-…) on a
 * {@link FileComponentStore}, with payloads served from a table. Optionally it claims digests for components: the
 * draft's examples name a dummy image digest no real image has, so a test that wants to see them run past
 * image-match lets the device report that digest (only for a component that has content).
 */
final class TestDevice implements Platform {
    static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");
    /** The dummy digests of draft-ietf-suit-manifest-37's examples. */
    static final byte[] DUMMY_A = HexFormat.of().parseHex(
            "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210");
    static final byte[] DUMMY_B = HexFormat.of().parseHex(
            "0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff");

    final FileComponentStore store;
    final Map<URI, byte[]> payloads = new HashMap<>();
    private final Map<ComponentRef, byte[]> claims = new HashMap<>();

    TestDevice(Path root) throws IOException {
        this(root, VENDOR, CLASS);
    }

    TestDevice(Path root, UUID vendor, UUID deviceClass) throws IOException {
        this.store = FileComponentStore.create(root, this::payload, vendor, deviceClass, Optional.empty());
    }

    TestDevice serve(String uri, byte[] content) {
        payloads.put(URI.create(uri), content.clone());
        return this;
    }

    TestDevice claim(ComponentRef ref, byte[] sha256) {
        claims.put(ref, sha256.clone());
        return this;
    }

    static ComponentRef ref(int... segment) {
        var segments = new ArrayList<byte[]>();
        for (int s : segment) {
            segments.add(new byte[] {(byte) s});
        }
        return ComponentRef.of(new ComponentId(segments));
    }

    static ComponentRef named(String... segments) {
        return ComponentRef.of(new ComponentId(Arrays.stream(segments)
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList()));
    }

    static Verification.Verified verified(byte[] envelope, VerificationKey... keys) {
        return (Verification.Verified) EnvelopeVerifier.create(List.of(keys)).verify(envelope);
    }

    static Verification.Verified verifiedExample(String name) {
        return verified(Vectors.suit(name), Vectors.exampleKey());
    }

    private InputStream payload(URI uri) throws IOException {
        byte[] content = payloads.get(uri);
        if (content == null) {
            throw new FileNotFoundException(uri.toString());
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public Optional<InputStream> open(ComponentRef ref) throws IOException {
        return store.open(ref);
    }

    @Override
    public Optional<byte[]> sha256(ComponentRef ref) throws IOException {
        byte[] claimed = claims.get(ref);
        if (claimed != null && store.size(ref).isPresent()) {
            return Optional.of(claimed.clone());
        }
        return store.sha256(ref);
    }

    @Override
    public OptionalLong size(ComponentRef ref) throws IOException {
        return store.size(ref);
    }

    @Override
    public void stage(ComponentRef ref, InputStream content) throws IOException {
        store.stage(ref, content);
    }

    @Override
    public void swap(ComponentRef a, ComponentRef b) throws IOException {
        store.swap(a, b);
    }

    @Override
    public void commit(ComponentRef ref) throws IOException {
        store.commit(ref);
    }

    @Override
    public void discard(ComponentRef ref) throws IOException {
        store.discard(ref);
    }

    @Override
    public InputStream fetch(URI uri) throws IOException {
        return store.fetch(uri);
    }

    @Override
    public void invoke(ComponentRef ref, Optional<byte[]> arguments) {
        store.invoke(ref, arguments);
    }

    @Override
    public Optional<byte[]> identity(ComponentId component, Identity kind) {
        return store.identity(component, kind);
    }

    @Override
    public OptionalLong installSlot(ComponentId component) {
        return store.installSlot(component);
    }

    @Override
    public Optional<List<Long>> version(ComponentId component) {
        return store.version(component);
    }
}
