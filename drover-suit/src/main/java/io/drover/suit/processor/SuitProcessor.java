package io.drover.suit.processor;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SuitErrors;
import io.drover.suit.Verification;
import io.drover.suit.processor.internal.Halt;
import io.drover.suit.processor.internal.Interpreter;
import io.drover.suit.processor.internal.ManifestView;
import io.drover.suit.processor.internal.Session;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.SuitRecord;
import io.drover.suit.report.SuitReport;
import io.drover.suit.trust.TrustErrors;
import io.drover.suit.trust.TrustPolicy;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs the command sequences of a verified SUIT envelope against a {@link Platform} (draft-ietf-suit-manifest-37,
 * with trust-domains-11 and update-management-14).
 *
 * <p>Guarantees: a manifest is refused before anything runs if its signers may not touch its components under the
 * {@link TrustPolicy}, if a sequence the run uses holds a command this processor does not implement, or if such a
 * sequence is severed and missing or does not match its digest; a dependency is refused the same way before any of
 * its commands runs. All writes are staged and committed only when every sequence before the
 * commit point succeeded; a component filled from outside the manifest (fetch, copy, swap) that has an image digest
 * is committed only if an image-match on the staged content passed. Any failure or pending wait discards everything
 * staged, so the targets keep their content.
 */
public final class SuitProcessor {
    private final Platform platform;
    private final ConditionProvider conditions;
    private final Clock clock;
    private final TrustPolicy policy;
    private final EnvelopeVerifier verifier;

    private SuitProcessor(Builder builder) {
        this.platform = Objects.requireNonNull(builder.platform, "platform");
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.conditions = builder.conditions;
        this.clock = builder.clock;
        this.verifier = EnvelopeVerifier.create(policy.trustedKeys());
    }

    /** A processor for this platform and trust policy; the clock is required, so that time is always injected. */
    public static Builder builder(Platform platform, TrustPolicy policy, Clock clock) {
        return new Builder(platform, policy, clock);
    }

    public Outcome process(Verification.Verified envelope, Run run) {
        return process(envelope, run, Map.of());
    }

    /**
     * Runs {@code run} on {@code envelope}. {@code severedMembers} are bodies of severed members obtained apart from
     * the envelope; each is checked against the digest in the manifest when the run first needs it. Every refusal
     * and failure is an {@link Outcome.Failed} with its report; only a manifest whose common or member structure
     * cannot be read at all raises {@link DroverException} ({@code suit.malformed}).
     */
    public Outcome process(Verification.Verified envelope, Run run, Map<Integer, byte[]> severedMembers) {
        ManifestView view = ManifestView.of(envelope.envelope().encoded(), severedMembers);
        var session = new Session(platform, conditions, clock, policy, verifier);
        Optional<String> refusal = policy.refusal(verifier.signers(envelope), view.components());
        if (refusal.isPresent()) {
            return failed(session, view, TrustErrors.OUTSIDE_DOMAIN, ReportReason.COMPONENT_UNAUTHORISED,
                    refusal.get());
        }
        try {
            OptionalLong unsupported = Interpreter.firstUnsupported(view, run.sequences());
            if (unsupported.isPresent()) {
                return failed(session, view, ProcessorErrors.UNSUPPORTED_COMMAND, ReportReason.COMMAND_UNSUPPORTED,
                        "the manifest holds command " + unsupported.getAsLong()
                                + ", which this processor does not implement");
            }
            var interpreter = new Interpreter(session, view, List.of());
            run.beforeCommit().forEach(interpreter::run);
            List<ComponentRef> committed = commit(session);
            run.afterCommit().forEach(interpreter::run);
            return new Outcome.Completed(report(session, view, new ReportResult.Success()), committed,
                    view.setVersion());
        } catch (Halt halt) {
            discard(session);
            int code = halt.deferred() ? ReportResult.DEFERRED : ReportResult.FAILED;
            SuitReport report = report(session, view, new ReportResult.Failure(code, halt.record(), halt.reason()));
            return halt.deferred()
                    ? new Outcome.Deferred(report, halt.getMessage())
                    : new Outcome.Failed(halt.code(), halt.getMessage(), report);
        } catch (DroverException e) {
            discard(session);
            return failed(session, view, e.errorCode(), reasonOf(e.errorCode()), e.getMessage());
        }
    }

    private List<ComponentRef> commit(Session session) {
        List<ComponentRef> staged = session.stagedInOrder();
        for (ComponentRef ref : staged) {
            if (!session.vouchedFor(ref)) {
                throw new DroverException(ProcessorErrors.UNVERIFIED_WRITE, "component " + ref
                        + " was written from outside the manifest but no image-match vouched for the new content");
            }
        }
        try {
            for (ComponentRef ref : staged) {
                platform.commit(ref);
            }
        } catch (IOException e) {
            throw new DroverException(ProcessorErrors.OPERATION_FAILED, "commit failed: " + e.getMessage(), e);
        }
        return staged;
    }

    /** Best effort: a discard that fails leaves staged content the next run replaces, never current content. */
    private void discard(Session session) {
        for (ComponentRef ref : session.stagedInOrder()) {
            try {
                platform.discard(ref);
            } catch (IOException e) {
                // the target is untouched either way; the staged copy is overwritten by the next stage
            }
        }
    }

    private Outcome failed(Session session, ManifestView view, ErrorCode code, ReportReason reason, String message) {
        var record = new SuitRecord(List.of(), 0, 0, 0, Map.of());
        return new Outcome.Failed(code, message,
                report(session, view, new ReportResult.Failure(ReportResult.FAILED, record, reason)));
    }

    private static ReportReason reasonOf(ErrorCode code) {
        if (code.equals(ProcessorErrors.UNVERIFIED_WRITE) || code.equals(SuitErrors.DIGEST_MISMATCH)) {
            return ReportReason.UNAUTHORISED;
        }
        if (code.equals(ProcessorErrors.MEMBER_MISSING)) {
            return ReportReason.SEVERING_UNSUPPORTED;
        }
        return code.equals(ProcessorErrors.OPERATION_FAILED) ? ReportReason.OPERATION_FAILED : ReportReason.CBOR_PARSE;
    }

    private static SuitReport report(Session session, ManifestView view, ReportResult result) {
        return new SuitReport(view.referenceUri(), new CborBytes(view.digestItem()), Optional.empty(),
                session.records(), result);
    }

    public static final class Builder {
        private final Platform platform;
        private final TrustPolicy policy;
        private final Clock clock;
        /** Until told otherwise the device knows nothing: every wait stays pending and battery conditions fail. */
        private ConditionProvider conditions = new ConditionProvider() {
        };

        private Builder(Platform platform, TrustPolicy policy, Clock clock) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The device's answers to battery, authorization and wait conditions; by default it knows none. */
        public Builder conditions(ConditionProvider conditions) {
            this.conditions = Objects.requireNonNull(conditions, "conditions");
            return this;
        }

        public SuitProcessor build() {
            return new SuitProcessor(this);
        }
    }
}
