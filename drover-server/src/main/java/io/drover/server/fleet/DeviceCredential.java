package io.drover.server.fleet;

/** A freshly issued device token. It is shown once: the server keeps only its SHA-256. */
public record DeviceCredential(String deviceId, String token) {}
