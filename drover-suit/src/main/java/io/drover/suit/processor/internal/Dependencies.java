package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ComponentId;
import io.drover.suit.VerificationKey;
import io.drover.suit.Verification;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.processor.ProcessorErrors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.trust.TrustErrors;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Commands on dependency manifests (draft-ietf-suit-trust-domains-11): fetching one, matching its digest (the digest
 * of its manifest, as its authentication wrapper holds it), checking its integrity and processing it.
 *
 * <p>A dependency is processed only once its signature verifies under the trust policy's keys, its
 * manifest-component-id equals the dependency-prefix its dependent gives (when both are present), and the policy lets
 * its signers touch every component it lists; otherwise it is refused before any of its commands runs.
 */
final class Dependencies {
    /** A chain of dependencies deeper than this is refused rather than followed. */
    private static final int MAX_DEPTH = 8;

    private final Interpreter in;

    Dependencies(Interpreter in) {
        this.in = in;
    }

    void perform(Step step, int i) {
        boolean dependency = in.view.dependencies().containsKey(i);
        if (step.label() == Labels.IS_DEPENDENCY) {
            if (!dependency) {
                throw in.conditionFailed(step, i, "component index " + i + " is not a dependency");
            }
            return;
        }
        if (!dependency) {
            throw in.fail(step, i, ProcessorErrors.PARAMETER_INVALID, ReportReason.COMPONENT_UNSUPPORTED,
                    "command " + step.label() + " needs a dependency, but index " + i + " is a component");
        }
        switch (step.label()) {
            case Labels.FETCH -> fetch(step, i);
            case Labels.IMAGE_MATCH -> {
                in.required(step, i, Labels.P_IMAGE_DIGEST, "image-digest");
                if (!digestMatches(step, i)) {
                    throw in.conditionFailed(step, i, "dependency " + i + " is not the manifest named by its digest");
                }
            }
            case Labels.DEPENDENCY_INTEGRITY -> {
                in.required(step, i, Labels.P_IMAGE_DIGEST, "image-digest");
                verified(step, i);
            }
            case Labels.PROCESS_DEPENDENCY -> process(step, i);
            default -> throw in.fail(step, i, ProcessorErrors.UNSUPPORTED_COMMAND, ReportReason.COMMAND_UNSUPPORTED,
                    "command " + step.label() + " cannot act on a dependency");
        }
    }

    private List<Long> path(int i) {
        var path = new ArrayList<>(in.manifestId);
        path.add((long) i);
        return path;
    }

    private void fetch(Step step, int i) {
        try (InputStream content = new ComponentCommands(in).fetch(step, i)) {
            in.session.dependency(path(i), content.readAllBytes());
        } catch (IOException e) {
            throw in.fail(step, i, ProcessorErrors.OPERATION_FAILED, ReportReason.OPERATION_FAILED,
                    "fetching dependency " + i + " failed: " + e.getMessage());
        }
    }

    private byte[] envelope(Step step, int i) {
        return in.session.dependency(path(i)).orElseThrow(() -> in.fail(step, i, ProcessorErrors.MEMBER_MISSING,
                ReportReason.OPERATION_FAILED, "dependency " + i + " has not been fetched"));
    }

    /**
     * Whether the fetched envelope's manifest digest and size are the ones the parameters name, where they name one.
     * process-dependency may run without a digest (trust-domains-11's integrated example does): the dependency was
     * then bound by the image-match of dependency-resolution, and its signature is checked regardless.
     */
    private boolean digestMatches(Step step, int i) {
        byte[] envelope = envelope(step, i);
        CBORObject digest = in.params(i).get(Labels.P_IMAGE_DIGEST);
        CBORObject size = in.params(i).get(Labels.P_IMAGE_SIZE);
        if (size != null && Cbor.unsigned(size, "image-size") != envelope.length) {
            return false;
        }
        return digest == null || MessageDigest.isEqual(Cbor.bytes(digest, "image-digest"),
                EnvelopeCodec.decode(envelope).signedPayload());
    }

    private Verification.Verified verified(Step step, int i) {
        byte[] envelope = envelope(step, i);
        if (!digestMatches(step, i)) {
            throw in.fail(step, i, TrustErrors.DEPENDENCY_REJECTED, ReportReason.UNAUTHORISED,
                    "dependency " + i + " is not the manifest its dependent names");
        }
        return switch (in.session.verifier.verify(envelope)) {
            case Verification.Verified verified -> verified;
            case Verification.Rejected rejected -> throw in.fail(step, i, TrustErrors.DEPENDENCY_REJECTED,
                    ReportReason.UNAUTHORISED, "dependency " + i + " is not authentic: " + rejected.message());
        };
    }

    private void process(Step step, int i) {
        if (in.manifestId.size() >= MAX_DEPTH) {
            throw in.fail(step, i, TrustErrors.DEPENDENCY_REJECTED, ReportReason.UNAUTHORISED,
                    "dependencies are nested more than " + MAX_DEPTH + " deep");
        }
        Verification.Verified verified = verified(step, i);
        ManifestView dependency = ManifestView.of(verified.envelope().encoded(), Map.of());
        Optional<ComponentId> prefix = in.view.dependencies().get(i);
        if (prefix.isPresent() && dependency.manifestComponentId().isPresent()
                && !prefix.equals(dependency.manifestComponentId())) {
            throw in.fail(step, i, TrustErrors.DEPENDENCY_REJECTED, ReportReason.UNAUTHORISED,
                    "dependency " + i + " identifies as " + dependency.manifestComponentId().get().displayName()
                            + ", not " + prefix.get().displayName());
        }
        Set<VerificationKey> signers = in.session.verifier.signers(verified);
        Optional<String> refusal = in.session.policy.refusal(signers, dependency.components());
        if (refusal.isPresent()) {
            throw in.fail(step, i, TrustErrors.OUTSIDE_DOMAIN, ReportReason.COMPONENT_UNAUTHORISED,
                    "dependency " + i + " refused: " + refusal.get());
        }
        var unsupported = Interpreter.firstUnsupported(dependency, List.of(in.topLevel()));
        if (unsupported.isPresent()) {
            throw in.fail(step, i, ProcessorErrors.UNSUPPORTED_COMMAND, ReportReason.COMMAND_UNSUPPORTED,
                    "dependency " + i + " holds command " + unsupported.getAsLong() + ", which is not supported");
        }
        new Interpreter(in.session, dependency, path(i)).run(in.topLevel());
    }
}
