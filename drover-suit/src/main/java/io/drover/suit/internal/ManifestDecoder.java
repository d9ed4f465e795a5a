package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.suit.CommandSequence;
import io.drover.suit.ComponentId;
import io.drover.suit.ComponentManifest;
import io.drover.suit.SuitManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decodes a SUIT_Manifest (draft-ietf-suit-manifest-37) into a {@link SuitManifest}, taking the bodies of
 * severed members from the envelope. It checks structure only; whether severed bodies match their digests is the
 * verifier's job, so it reports them as {@link SeveredMember}s.
 */
public final class ManifestDecoder {
    private static final int SUPPORTED_VERSION = 1;
    /** The sequences whose parameters make up a component's effective parameters. */
    private static final Set<Integer> PARAMETER_SEQUENCES = Set.of(16, 20);

    /** A severed member the envelope carries, with the digest the manifest holds for it. */
    public record SeveredMember(int label, SuitDigest digest, byte[] body) {
    }

    /** The manifest and the severed members whose digests must be checked before it is trusted. */
    public record Decoded(SuitManifest manifest, List<SeveredMember> severedMembers) {
        public Decoded {
            severedMembers = List.copyOf(severedMembers);
        }
    }

    private ManifestDecoder() {
    }

    public static Decoded decode(byte[] manifestBytes, Map<Integer, byte[]> envelopeMembers) {
        CBORObject manifest = Cbor.map(Cbor.decode(manifestBytes, "manifest"), "manifest");
        long version = Cbor.unsigned(Cbor.required(manifest, SuitLabels.MANIFEST_VERSION, "manifest-version"),
                "manifest-version");
        if (version != SUPPORTED_VERSION) {
            throw Cbor.malformed("manifest-version " + version + " is not supported");
        }
        long sequenceNumber = Cbor.unsigned(
                Cbor.required(manifest, SuitLabels.SEQUENCE_NUMBER, "manifest-sequence-number"), "manifest-sequence-number");
        CBORObject common = Cbor.map(
                Cbor.decodeWrapped(Cbor.required(manifest, SuitLabels.COMMON, "common"), "common"), "common");
        List<ComponentId> ids = components(common);
        Optional<String> referenceUri = Optional.ofNullable(Cbor.optional(manifest, SuitLabels.REFERENCE_URI))
                .map(uri -> Cbor.text(uri, "reference-uri"));

        Members members = Members.of(manifest, envelopeMembers);

        var resolver = new ParameterResolver(ids.size());
        var sequences = new ArrayList<CommandSequence>();
        CBORObject shared = Cbor.optional(common, SuitLabels.SHARED_SEQUENCE);
        if (shared != null) {
            List<Command> commands = Command.parseSequence(Cbor.bytes(shared, "shared-sequence"), "shared-sequence");
            sequences.add(new CommandSequence("shared-sequence", SuitLabels.SHARED_SEQUENCE, false,
                    CommandRenderer.render(commands)));
            resolver.run(commands);
        }
        for (int label : new TreeSet<>(SuitLabels.SEQUENCES.keySet())) {
            String name = SuitLabels.SEQUENCES.get(label);
            if (members.severed().contains(label)) {
                sequences.add(new CommandSequence(name, label, true, List.of()));
            } else if (members.bodies().containsKey(label)) {
                List<Command> commands = Command.parseSequence(members.bodies().get(label), name);
                sequences.add(new CommandSequence(name, label, false, CommandRenderer.render(commands)));
                if (PARAMETER_SEQUENCES.contains(label)) {
                    resolver.run(commands);
                }
            }
        }
        Map<ComponentId, String> versions = members.bodies().containsKey(SuitLabels.TEXT)
                ? TextVersions.read(Cbor.decode(members.bodies().get(SuitLabels.TEXT), "text"))
                : Map.of();

        var components = new ArrayList<ComponentManifest>();
        for (int i = 0; i < ids.size(); i++) {
            components.add(component(ids.get(i), resolver.parametersOf(i), Optional.ofNullable(versions.get(ids.get(i)))));
        }
        return new Decoded(new SuitManifest(version, sequenceNumber, components, sequences, referenceUri),
                members.carried());
    }

    /**
     * Where each member's body is: in the manifest, in the envelope under a digest the manifest holds (carried), or
     * nowhere (severed). A body both inline and in the envelope is ambiguous and refused.
     */
    private record Members(Map<Integer, byte[]> bodies, Set<Integer> severed, List<SeveredMember> carried) {
        static Members of(CBORObject manifest, Map<Integer, byte[]> envelopeMembers) {
            var members = new Members(new TreeMap<>(), new TreeSet<>(), new ArrayList<>());
            for (var entry : manifest.getEntries()) {
                if (!Cbor.isInteger(entry.getKey()) || !entry.getKey().CanValueFitInInt32()) {
                    continue; // an extension Drover does not read
                }
                int label = entry.getKey().AsInt32Value();
                boolean severable = SuitLabels.SEVERABLE.contains(label);
                String name = SuitLabels.member(label);
                byte[] envelopeBody = envelopeMembers.get(label);
                if (severable && entry.getValue().getType() == CBORType.Array) {
                    SuitDigest digest = SuitDigest.decode(entry.getValue(), name + " digest");
                    if (envelopeBody == null) {
                        members.severed.add(label);
                    } else {
                        members.carried.add(new SeveredMember(label, digest, envelopeBody));
                        members.bodies.put(label, envelopeBody);
                    }
                } else if (severable || SuitLabels.SEQUENCES.containsKey(label)) {
                    if (envelopeBody != null) {
                        throw Cbor.malformed("envelope and manifest both hold " + name);
                    }
                    members.bodies.put(label, Cbor.bytes(entry.getValue(), name));
                }
            }
            return members;
        }
    }

    static ComponentId componentId(CBORObject item, String what) {
        var segments = new ArrayList<byte[]>();
        for (CBORObject segment : Cbor.array(item, what).getValues()) {
            segments.add(Cbor.bytes(segment, what + " segment"));
        }
        return new ComponentId(segments);
    }

    private static List<ComponentId> components(CBORObject common) {
        CBORObject components = Cbor.optional(common, SuitLabels.COMMON_COMPONENTS);
        if (components == null) {
            return List.of();
        }
        var ids = new ArrayList<ComponentId>();
        for (CBORObject id : Cbor.array(components, "components").getValues()) {
            ids.add(componentId(id, "component identifier"));
        }
        return ids;
    }

    private static ComponentManifest component(ComponentId id, Map<Integer, CBORObject> parameters,
            Optional<String> version) {
        CBORObject size = parameters.get(SuitLabels.IMAGE_SIZE);
        return new ComponentManifest(id,
                Optional.ofNullable(parameters.get(SuitLabels.VENDOR_ID)).flatMap(Parameters::uuid),
                Optional.ofNullable(parameters.get(SuitLabels.CLASS_ID)).flatMap(Parameters::uuid),
                Optional.ofNullable(parameters.get(SuitLabels.IMAGE_DIGEST)).map(Parameters::digest)
                        .flatMap(SuitDigest::sha256Bytes),
                size == null ? OptionalLong.empty() : OptionalLong.of(Cbor.unsigned(size, "image-size parameter")),
                Optional.ofNullable(parameters.get(SuitLabels.URI)).map(uri -> Cbor.text(uri, "uri parameter")),
                version,
                Optional.ofNullable(parameters.get(SuitLabels.ENCRYPTION_INFO))
                        .map(info -> Cbor.bytes(info, "encryption-info parameter")));
    }
}
