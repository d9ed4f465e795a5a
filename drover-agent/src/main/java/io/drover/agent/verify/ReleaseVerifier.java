package io.drover.agent.verify;

import io.drover.agent.AgentErrors;
import io.drover.agent.slot.ComponentNames;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.transport.Artifact;
import io.drover.agent.transport.DeltaOffer;
import io.drover.agent.transport.Assignment;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ComponentId;
import io.drover.suit.ComponentManifest;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.SuitManifest;
import io.drover.suit.Verification;
import io.drover.suit.report.ManifestReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides, before a single image byte is fetched, whether an assigned release may be installed here: the envelope
 * is signed by a trusted key, every component is for this vendor and device class, the sequence number is above the
 * installed one, and the server's artifact list is exactly the manifest's components with their digests and sizes
 * (for an encrypted component, the digest of the ciphertext its uri names).
 * The server is not trusted for any of it: only the signed manifest is.
 */
public final class ReleaseVerifier {
    /** The largest envelope the agent accepts. */
    public static final int MAX_ENVELOPE_BYTES = 1024 * 1024;

    private final EnvelopeVerifier envelopes;
    private final UUID vendorId;
    private final UUID classId;

    public ReleaseVerifier(EnvelopeVerifier envelopes, UUID vendorId, UUID classId) {
        this.envelopes = Objects.requireNonNull(envelopes, "envelopes");
        this.vendorId = Objects.requireNonNull(vendorId, "vendorId");
        this.classId = Objects.requireNonNull(classId, "classId");
    }

    /** {@code envelope} as received: more than {@link #MAX_ENVELOPE_BYTES} bytes are refused unread. */
    public ReleaseCheck check(byte[] envelope, Assignment assignment, long installedSequence) {
        if (envelope.length > MAX_ENVELOPE_BYTES) {
            return new ReleaseCheck.Refused(AgentErrors.ENVELOPE_TOO_LARGE, "the envelope of release "
                    + assignment.releaseId() + " is larger than " + MAX_ENVELOPE_BYTES + " bytes",
                    ManifestReference.ofUndecodable(envelope));
        }
        Verification verification;
        try {
            verification = envelopes.verify(envelope);
        } catch (DroverException e) {
            return new ReleaseCheck.Refused(e.errorCode(), e.getMessage(), ManifestReference.ofUndecodable(envelope));
        }
        return switch (verification) {
            case Verification.Rejected rejected ->
                    new ReleaseCheck.Refused(rejected.reason(), rejected.message(), received(envelope));
            case Verification.Verified verified -> {
                ManifestReference reference = ManifestReference.of(verified.envelope());
                try {
                    SuitManifest manifest = verified.envelope().manifest();
                    List<ReleaseImage> images = images(manifest, assignment, installedSequence);
                    yield new ReleaseCheck.Accepted(
                            new VerifiedRelease(manifest.sequenceNumber(), images, verified.signer(), reference));
                } catch (Refusal refusal) {
                    yield new ReleaseCheck.Refused(refusal.reason, refusal.getMessage(), reference);
                }
            }
        };
    }

    /** The reference of an envelope that decodes but is not authentic: what its manifest claims to be. */
    private static ManifestReference received(byte[] envelope) {
        return ManifestReference.of(SuitEnvelope.decode(envelope));
    }

    private List<ReleaseImage> images(SuitManifest manifest, Assignment assignment, long installedSequence)
            throws Refusal {
        if (manifest.sequenceNumber() <= installedSequence) {
            throw new Refusal(AgentErrors.SEQUENCE_NOT_INCREASING, "manifest sequence number "
                    + manifest.sequenceNumber() + " is not above the installed " + installedSequence);
        }
        if (manifest.components().isEmpty()) {
            throw new Refusal(AgentErrors.INCOMPLETE_MANIFEST, "the manifest names no component");
        }
        Map<String, Artifact> offered = artifactsByComponent(assignment);
        List<ReleaseImage> images = new ArrayList<>();
        for (ComponentManifest component : manifest.components()) {
            String name = componentName(component.id());
            checkIdentity(name, component);
            ImageDigest digest = new ImageDigest(hex(name, component.imageSha256()), size(name, component));
            Artifact artifact = offered.remove(name);
            if (artifact == null) {
                throw new Refusal(AgentErrors.ARTIFACTS_MISMATCH, "the server offers no artifact for " + name);
            }
            Optional<Ciphertext> ciphertext = ciphertext(name, component, artifact);
            if (ciphertext.isEmpty() && !artifact.digest().equals(digest)) {
                throw new Refusal(AgentErrors.ARTIFACTS_MISMATCH, "the server offers " + artifact.digest() + " for "
                        + name + " but the manifest requires " + digest);
            }
            String version = component.version().orElse("unversioned-" + digest.sha256().substring(0, 12));
            // A delta offered for an encrypted image could not make its plaintext: it is ignored.
            Optional<DeltaOffer> delta = ciphertext.isEmpty() ? Optional.ofNullable(artifact.delta()) : Optional.empty();
            images.add(new ReleaseImage(name, version, digest, artifact.url(), ciphertext, delta));
        }
        if (!offered.isEmpty()) {
            throw new Refusal(AgentErrors.ARTIFACTS_MISMATCH,
                    "the server offers artifacts the manifest does not name: " + offered.keySet());
        }
        return images;
    }

    /**
     * An encrypted component's manifest digest is the plaintext's; the artifact the server must offer is the
     * ciphertext its signed uri names (see {@link ArtifactAddress}). Its size is the server's; the digest pins it.
     */
    private static Optional<Ciphertext> ciphertext(String name, ComponentManifest component, Artifact artifact)
            throws Refusal {
        if (component.encryptionInfo().isEmpty()) {
            return Optional.empty();
        }
        ArtifactAddress address = component.uri().flatMap(ArtifactAddress::parse).orElseThrow(() -> new Refusal(
                AgentErrors.INCOMPLETE_MANIFEST, name + " is encrypted but its uri names no ciphertext artifact"));
        if (!artifact.sha256().equals(address.sha256Hex())) {
            throw new Refusal(AgentErrors.ARTIFACTS_MISMATCH, "the server offers " + artifact.digest() + " for "
                    + name + " but the manifest names the ciphertext " + address.sha256Hex());
        }
        return Optional.of(new Ciphertext(component.encryptionInfo().get(), artifact.digest()));
    }

    private void checkIdentity(String name, ComponentManifest component) throws Refusal {
        UUID vendor = component.vendorId().orElseThrow(
                () -> new Refusal(AgentErrors.INCOMPLETE_MANIFEST, name + " has no vendor-id condition"));
        if (!vendor.equals(vendorId)) {
            throw new Refusal(AgentErrors.WRONG_VENDOR, name + " is for vendor " + vendor + ", this is " + vendorId);
        }
        UUID deviceClass = component.classId().orElseThrow(
                () -> new Refusal(AgentErrors.INCOMPLETE_MANIFEST, name + " has no class-id condition"));
        if (!deviceClass.equals(classId)) {
            throw new Refusal(AgentErrors.WRONG_CLASS,
                    name + " is for device class " + deviceClass + ", this is " + classId);
        }
    }

    /** Only single-segment, file-safe names can be installed into a slot. */
    private static String componentName(ComponentId id) throws Refusal {
        String name = id.displayName();
        if (!ComponentNames.isValid(name) || !ComponentId.named(name).equals(id)) {
            throw new Refusal(AgentErrors.UNSUPPORTED_COMPONENT, "component " + name + " cannot be installed here");
        }
        return name;
    }

    private static String hex(String name, Optional<byte[]> sha256) throws Refusal {
        byte[] digest = sha256.orElseThrow(
                () -> new Refusal(AgentErrors.INCOMPLETE_MANIFEST, name + " has no SHA-256 image digest"));
        if (digest.length != 32) {
            throw new Refusal(AgentErrors.INCOMPLETE_MANIFEST, name + " has a digest of " + digest.length + " bytes");
        }
        return HexFormat.of().formatHex(digest);
    }

    private static long size(String name, ComponentManifest component) throws Refusal {
        if (component.imageSize().isEmpty() || component.imageSize().getAsLong() < 0) {
            throw new Refusal(AgentErrors.INCOMPLETE_MANIFEST, name + " has no usable image size");
        }
        return component.imageSize().getAsLong();
    }

    private static Map<String, Artifact> artifactsByComponent(Assignment assignment) throws Refusal {
        Map<String, Artifact> byComponent = new HashMap<>();
        for (Artifact artifact : assignment.artifacts()) {
            if (byComponent.put(artifact.component(), artifact) != null) {
                throw new Refusal(AgentErrors.ARTIFACTS_MISMATCH,
                        "the server offers two artifacts for " + artifact.component());
            }
        }
        return byComponent;
    }

    /** Ends verification early with a reason; never escapes this class. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCode reason;

        Refusal(ErrorCode reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
