package io.drover.agent.report;

/**
 * The step of an update that failed, named in a signed FAILURE report by the SUIT command sequence it corresponds to
 * (the agent does not run the manifest's sequences itself, so the report names the sequence, not a command in it).
 */
public enum FailedStep {
    /** The envelope, its signature, or the manifest's conditions for this device: suit-common. */
    VERIFY(3),
    /** Downloading (and decrypting) an image: suit-payload-fetch. */
    FETCH(16),
    /** Writing the inactive slot: suit-install. */
    INSTALL(20),
    /** The health check of the new slot: suit-validate. */
    VALIDATE(7);

    private final int suitSection;

    FailedStep(int suitSection) {
        this.suitSection = suitSection;
    }

    /** The manifest member label of the SUIT command sequence this step belongs to. */
    public int suitSection() {
        return suitSection;
    }
}
