package io.drover.agent;

/**
 * The points an update passes, in order, as told to a {@link StepListener}. A step is reached once what it names is
 * on storage, so a power cut right there leaves the device as described, and the next start carries on as described.
 * A restart passes again the steps it has to redo. An update that fails for good before its swap (a refused manifest,
 * an image that cannot be had as signed) goes from where it failed straight to {@link #REPORTED}, with its FAILURE
 * report. One that fails in a way that may pass (a dropped link, a corrupted byte, a storage error) reaches no further
 * step: it is reported RETRYING, which is no final report, and a later cycle starts over from {@link #VERIFIED},
 * keeping what was downloaded.
 */
public enum UpdateStep {
    /**
     * The release passed verification and the safety conditions hold. Nothing is written yet: a restart checks in and
     * verifies again.
     */
    VERIFIED,
    /**
     * A download attempt of an image (or of an encrypted image's ciphertext, into the staging folder) has written its
     * first bytes into a partial file: mid-download. The active slot is untouched; a restart resumes after the bytes
     * kept.
     */
    DOWNLOADING,
    /**
     * The first decrypted bytes of an encrypted image are in a partial file of the inactive slot: mid-write. They are
     * unverified until the decryption ends, so a restart writes that image over from its first byte.
     */
    DECRYPTING,
    /**
     * The first bytes an offered delta made from the active slot's image are in a partial file of the inactive slot:
     * mid-write. The delta's download is complete in the staging folder; the bytes are unverified until the delta is
     * applied whole, so a restart downloads the delta again and makes that image over from its first byte. Only an
     * update that uses a delta passes here.
     */
    PATCHING,
    /**
     * The inactive slot holds every image of the release (changed ones downloaded, unchanged ones copied) and the swap
     * is not yet made: a restart installs the release again from its check-in.
     */
    SLOT_COMPLETE,
    /**
     * The trial is saved: the inactive slot is swapped in on trial and its health check has not started. A restart
     * (a boot of the new slot) counts the boot and judges the trial.
     */
    SWAPPED,
    /**
     * The start of a health check is saved and the check runs. A restart counts the boot and checks again; a trial that
     * keeps being cut short rolls back.
     */
    HEALTH_CHECKING,
    /** The new slot is committed, saved with its SUCCESS report pending: a restart delivers the report. */
    COMMITTED,
    /**
     * The old slot is active again, saved with the FAILURE report pending (ROLLED_BACK, for a rollback the server
     * ordered): a restart delivers the report.
     */
    ROLLED_BACK,
    /**
     * The server took a final report (SUCCESS or FAILURE) that the agent has not yet marked as delivered: a restart
     * sends it again, and the server records the same report again.
     */
    REPORTED
}
