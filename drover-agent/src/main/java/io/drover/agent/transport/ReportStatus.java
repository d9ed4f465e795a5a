package io.drover.agent.transport;

/** Where a device is with a rollout, as the report endpoint names it. */
public enum ReportStatus {
    DOWNLOADING,
    INSTALLING,
    SUCCESS,
    FAILURE
}
