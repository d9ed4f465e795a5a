package io.drover.server.fleet;

/**
 * A freshly issued pre-shared key for the CoAP device API over DTLS, shown once: the server keeps only its
 * generation. {@code identity} is what the device sends as its PSK identity (its id); {@code key} is the PSK as
 * text, whose ASCII bytes are the key.
 */
public record IssuedPsk(String deviceId, String identity, String key, int generation) {
    @Override
    public String toString() {
        return "IssuedPsk[deviceId=" + deviceId + ", generation=" + generation + "]"; // never the key, even in a log
    }
}
