package io.drover.server.rollout;

/** What a device says about its part in a rollout. SUCCESS and FAILURE are final for that device and rollout. */
public enum ReportStatus {
    DOWNLOADING,
    INSTALLING,
    SUCCESS,
    FAILURE
}
