package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.error.DroverException;
import io.drover.suit.ComponentId;
import io.drover.suit.SuitErrors;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.internal.SuitDigest;
import io.drover.suit.processor.ProcessorErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the processor needs of one envelope: components, dependencies, the bodies of its sequences (inline, carried
 * in the envelope, or supplied later), integrated payloads, and the reference the report names. Bodies the envelope
 * carries were digest-checked by the verifier; supplied bodies are checked here, when first used.
 */
public final class ManifestView {
    private final List<ComponentId> components;
    private final Map<Integer, Optional<ComponentId>> dependencies;
    private final Optional<ComponentId> manifestComponentId;
    private final Optional<List<Long>> setVersion;
    private final Optional<byte[]> shared;
    private final Map<Integer, byte[]> bodies;
    private final Map<Integer, SuitDigest> severed;
    private final Map<Integer, byte[]> supplied;
    private final Map<String, byte[]> integrated;
    private final String referenceUri;
    private final byte[] digestItem;

    private ManifestView(Builder b) {
        this.components = List.copyOf(b.components);
        this.dependencies = Map.copyOf(b.dependencies);
        this.manifestComponentId = b.manifestComponentId;
        this.setVersion = b.setVersion;
        this.shared = b.shared;
        this.bodies = Map.copyOf(b.bodies);
        this.severed = Map.copyOf(b.severed);
        this.supplied = Map.copyOf(b.supplied);
        this.integrated = Map.copyOf(b.integrated);
        this.referenceUri = b.referenceUri;
        this.digestItem = b.digestItem;
    }

    /** Reads a verified envelope; {@code supplied} are severed members obtained separately (e.g. by URI). */
    public static ManifestView of(byte[] envelope, Map<Integer, byte[]> supplied) {
        EnvelopeCodec.DecodedEnvelope decoded = EnvelopeCodec.decode(envelope);
        CBORObject item = Cbor.decode(envelope, "SUIT envelope");
        CBORObject envelopeMap = item.isTagged() ? item.UntagOne() : item;
        CBORObject manifest = Cbor.map(Cbor.decode(decoded.manifestBytes(), "manifest"), "manifest");
        CBORObject common = Cbor.map(Cbor.decodeWrapped(Cbor.required(manifest, Labels.COMMON, "common"), "common"),
                "common");
        var b = new Builder();
        b.digestItem = decoded.signedPayload();
        b.referenceUri = Optional.ofNullable(Cbor.optional(manifest, Labels.REFERENCE_URI))
                .map(uri -> Cbor.text(uri, "reference-uri")).orElse("");
        CBORObject components = Cbor.optional(common, Labels.COMPONENTS);
        if (components != null) {
            for (CBORObject id : Cbor.array(components, "components").getValues()) {
                b.components.add(componentId(id, "component identifier"));
            }
        }
        CBORObject dependencies = Cbor.optional(common, Labels.DEPENDENCIES);
        if (dependencies != null) {
            for (var entry : Cbor.map(dependencies, "dependencies").getEntries()) {
                CBORObject prefix = Cbor.optional(Cbor.map(entry.getValue(), "dependency metadata"),
                        Labels.DEPENDENCY_PREFIX);
                b.dependencies.put(Cbor.smallInteger(entry.getKey(), "dependency index"),
                        Optional.ofNullable(prefix).map(p -> componentId(p, "dependency-prefix")));
            }
        }
        b.shared = Optional.ofNullable(Cbor.optional(common, Labels.SHARED_SEQUENCE))
                .map(s -> Cbor.bytes(s, "shared-sequence"));
        b.manifestComponentId = Optional.ofNullable(Cbor.optional(manifest, Labels.MANIFEST_COMPONENT_ID))
                .map(id -> componentId(id, "manifest-component-id"));
        b.setVersion = Optional.ofNullable(Cbor.optional(manifest, Labels.SET_VERSION))
                .map(v -> integers(Cbor.decodeWrapped(v, "set-version"), "set-version"));
        for (int label : List.of(Labels.VALIDATE, Labels.LOAD, Labels.INVOKE, Labels.DEPENDENCY_RESOLUTION,
                Labels.PAYLOAD_FETCH, Labels.CANDIDATE_VERIFICATION, Labels.INSTALL)) {
            CBORObject member = Cbor.optional(manifest, label);
            if (member == null) {
                continue;
            }
            if (member.getType() == CBORType.Array) {
                CBORObject carried = Cbor.optional(envelopeMap, label);
                if (carried != null) {
                    b.bodies.put(label, Cbor.bytes(carried, "severed member " + label));
                } else {
                    b.severed.put(label, SuitDigest.decode(member, "severed member digest"));
                }
            } else {
                b.bodies.put(label, Cbor.bytes(member, "sequence " + label));
            }
        }
        supplied.forEach((label, body) -> b.supplied.put(label, body.clone()));
        for (var entry : envelopeMap.getEntries()) {
            if (entry.getKey().getType() == CBORType.TextString) {
                b.integrated.put(entry.getKey().AsString(), Cbor.bytes(entry.getValue(), "integrated payload"));
            }
        }
        return new ManifestView(b);
    }

    /** Whether the manifest holds this sequence at all (inline, carried, or as a digest only). */
    public boolean has(int label) {
        return bodies.containsKey(label) || severed.containsKey(label);
    }

    /**
     * The body of a sequence the run needs: {@link ProcessorErrors#MEMBER_MISSING} when it is severed and nobody
     * supplied it, {@link SuitErrors#DIGEST_MISMATCH} when the supplied body is not the one the manifest names.
     */
    public byte[] body(int label) {
        byte[] body = bodies.get(label);
        if (body != null) {
            return body.clone();
        }
        SuitDigest digest = severed.get(label);
        byte[] given = supplied.get(label);
        if (given == null) {
            throw new DroverException(ProcessorErrors.MEMBER_MISSING,
                    "member " + label + " is severed and was not supplied, but the run needs it");
        }
        if (!digest.matches(Cbor.wrap(given))) {
            throw new DroverException(SuitErrors.DIGEST_MISMATCH,
                    "supplied member " + label + " does not match the digest in the manifest");
        }
        return given.clone();
    }

    public Optional<byte[]> shared() {
        return shared.map(byte[]::clone);
    }

    public List<ComponentId> components() {
        return components;
    }

    public Map<Integer, Optional<ComponentId>> dependencies() {
        return dependencies;
    }

    public Optional<ComponentId> manifestComponentId() {
        return manifestComponentId;
    }

    public Optional<List<Long>> setVersion() {
        return setVersion;
    }

    public Optional<byte[]> integrated(String key) {
        return Optional.ofNullable(integrated.get(key)).map(byte[]::clone);
    }

    public String referenceUri() {
        return referenceUri;
    }

    /** The encoded SUIT_Digest of the manifest, as the authentication wrapper holds it. */
    public byte[] digestItem() {
        return digestItem.clone();
    }

    static ComponentId componentId(CBORObject item, String what) {
        var segments = new ArrayList<byte[]>();
        for (CBORObject segment : Cbor.array(item, what).getValues()) {
            segments.add(Cbor.bytes(segment, what + " segment"));
        }
        return new ComponentId(segments);
    }

    static List<Long> integers(CBORObject item, String what) {
        var values = new ArrayList<Long>();
        for (CBORObject value : Cbor.array(item, what).getValues()) {
            values.add(Cbor.integer(value, what));
        }
        return List.copyOf(values);
    }

    private static final class Builder {
        final List<ComponentId> components = new ArrayList<>();
        final Map<Integer, Optional<ComponentId>> dependencies = new HashMap<>();
        Optional<ComponentId> manifestComponentId = Optional.empty();
        Optional<List<Long>> setVersion = Optional.empty();
        Optional<byte[]> shared = Optional.empty();
        final Map<Integer, byte[]> bodies = new HashMap<>();
        final Map<Integer, SuitDigest> severed = new HashMap<>();
        final Map<Integer, byte[]> supplied = new HashMap<>();
        final Map<String, byte[]> integrated = new HashMap<>();
        String referenceUri = "";
        byte[] digestItem;
    }
}
