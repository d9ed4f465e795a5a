package io.drover.agent;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import java.util.Set;

/**
 * The codes the agent puts on its outcomes and its FAILURE and RETRYING reports, besides the {@code suit.*} codes of a
 * manifest that fails signature verification. Servers and operators match on these.
 */
public final class AgentErrors {
    /** A component of the manifest names another vendor. */
    public static final ErrorCode WRONG_VENDOR = new ErrorCode("agent.wrong-vendor", Category.REJECTED);
    /** A component of the manifest is for another device class. */
    public static final ErrorCode WRONG_CLASS = new ErrorCode("agent.wrong-class", Category.REJECTED);
    /** The manifest's sequence number is not above the installed one (anti-rollback). */
    public static final ErrorCode SEQUENCE_NOT_INCREASING =
            new ErrorCode("agent.sequence-not-increasing", Category.REJECTED);
    /** The manifest lacks something the agent needs to install a component (digest, size, vendor or class). */
    public static final ErrorCode INCOMPLETE_MANIFEST = new ErrorCode("agent.incomplete-manifest", Category.REJECTED);
    /** A component identifier cannot be installed by this agent (not a single safe name). */
    public static final ErrorCode UNSUPPORTED_COMPONENT =
            new ErrorCode("agent.unsupported-component", Category.REJECTED);
    /** The server's artifact list does not match the signed manifest's components, digests and sizes. */
    public static final ErrorCode ARTIFACTS_MISMATCH = new ErrorCode("agent.artifacts-mismatch", Category.REJECTED);
    /** The envelope is larger than the agent accepts. */
    public static final ErrorCode ENVELOPE_TOO_LARGE = new ErrorCode("agent.envelope-too-large", Category.TOO_LARGE);
    /**
     * The envelope's bytes do not have the digest the server's check-in answer named: altered or damaged on the way
     * (by a gateway, say). Not a refusal of the release: the agent asks again on its next cycle.
     */
    public static final ErrorCode ENVELOPE_DIGEST_MISMATCH =
            new ErrorCode("agent.envelope-digest-mismatch", Category.INTERNAL);
    /** The bytes downloaded for an image do not have the manifest's digest or size. */
    public static final ErrorCode IMAGE_DIGEST_MISMATCH =
            new ErrorCode("agent.image-digest-mismatch", Category.REJECTED);
    /** An image is encrypted and the agent holds no key (a key that does not fit fails with {@code encryption.*}). */
    public static final ErrorCode NO_DECRYPTION_KEY = new ErrorCode("agent.no-decryption-key", Category.REJECTED);
    /** An image could not be downloaded within the retry budget. */
    public static final ErrorCode DOWNLOAD_FAILED = new ErrorCode("agent.download-failed", Category.INTERNAL);
    /** The device's own storage failed while an update was written. */
    public static final ErrorCode SLOT_WRITE_FAILED = new ErrorCode("agent.slot-write-failed", Category.INTERNAL);
    /** The health check of the new slot reported a problem (or threw). */
    public static final ErrorCode HEALTH_CHECK_FAILED = new ErrorCode("agent.health-check-failed", Category.REJECTED);
    /** The health check of the new slot did not finish in time, or kept being cut short by restarts. */
    public static final ErrorCode HEALTH_CHECK_TIMEOUT = new ErrorCode("agent.health-check-timeout", Category.REJECTED);
    /** The agent kept restarting while a trial was pending, without reaching a healthy verdict. */
    public static final ErrorCode TOO_MANY_BOOTS = new ErrorCode("agent.too-many-boots", Category.REJECTED);
    /**
     * The server ordered the device back to its previous release: the rollout that installed the current one halted
     * because its updated devices fared worse than the others. The server's own name for it.
     */
    public static final ErrorCode HALTED_ROLLBACK = new ErrorCode("rollout.halted-rollback", Category.CONFLICT);
    /**
     * The device's identity key file exists but cannot be read or holds no usable key. The agent does not make a new
     * one: to its server, a device with another key is an impostor.
     */
    public static final ErrorCode IDENTITY_KEY_UNUSABLE =
            new ErrorCode("agent.identity-key-unusable", Category.INTERNAL);
    /** The server answered something the device protocol does not allow. */
    public static final ErrorCode UNEXPECTED_RESPONSE = new ErrorCode("agent.unexpected-response", Category.MALFORMED);

    private static final Set<ErrorCode> TRANSIENT = Set.of(DOWNLOAD_FAILED, IMAGE_DIGEST_MISMATCH, SLOT_WRITE_FAILED);

    private AgentErrors() {}

    /**
     * Whether an update that failed with {@code reason} may succeed later with nothing changed on the server: a link
     * that kept dropping, a byte corrupted on the way (caught by the digest), the device's own storage failing. The
     * agent reports these RETRYING and tries again on a later cycle, keeping what it downloaded; every other failure
     * is final (FAILURE). A digest mismatch becomes final when it repeats (see UpdateCycle): then the server's copy,
     * not the link, is wrong.
     */
    public static boolean isTransient(ErrorCode reason) {
        return TRANSIENT.contains(reason);
    }
}
