package io.drover.server.fleet;

/** A freshly issued device token. It is shown once: the server keeps only its SHA-256. */
public record DeviceCredential(String deviceId, String token) {
    @Override
    public String toString() {
        return "DeviceCredential[deviceId=" + deviceId + "]"; // never the token, even in a log
    }
}
