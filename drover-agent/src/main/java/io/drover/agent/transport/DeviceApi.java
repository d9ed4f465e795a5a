package io.drover.agent.transport;

import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.util.Map;

/**
 * Drover's device API as the agent needs it, whatever carries it: {@link DeviceClient} speaks HTTP
 * ({@code /device/v1}), {@code io.drover.agent.coap.CoapDeviceClient} speaks CoAP over DTLS. An error the server
 * answered is a {@code DroverException} with the server's code and a category from the transport's status; a broken
 * link is an {@link IOException}.
 */
public interface DeviceApi extends AutoCloseable {

    /** The server's answer for this device, or {@link CheckIn.NotModified} when it still carries {@code etag}. */
    CheckIn checkIn(String etag) throws IOException, InterruptedException;

    /**
     * The signed SUIT envelope at {@code url} (from an assignment), cut after {@code maxBytes + 1} bytes: one byte more
     * than {@code maxBytes} means the envelope is larger, and the caller refuses it.
     */
    byte[] envelope(String url, int maxBytes) throws IOException, InterruptedException;

    /**
     * Puts this device's public identity key on record (the server keeps the first key it sees for a device) and
     * answers the device's id. Another key on record fails with the server's {@code device.identity-conflict}.
     */
    String registerIdentity(VerificationKey key) throws IOException, InterruptedException;

    /**
     * Starts receiving the artifact at {@code url} (from an assignment) from byte {@code offset}. The caller reads and
     * closes the body; the answer may start at 0 instead (a server that sends everything), never elsewhere.
     */
    ArtifactBody openArtifact(String url, long offset) throws IOException, InterruptedException;

    void report(Report report) throws IOException, InterruptedException;

    /** Replaces what rollouts can target this device by (its region, its line, whether it is in the depot …). */
    void putAttributes(Map<String, String> attributes) throws IOException, InterruptedException;

    /**
     * How the device runs now, for the health gates of the rollout it installed.
     *
     * @param trouble what is wrong, null when healthy
     */
    void reportHealth(boolean healthy, String trouble) throws IOException, InterruptedException;

    /**
     * The ledger's latest signed head, with the proof that it extends the head of {@code since} entries when
     * {@code since} is positive and smaller. Nothing in the answer is checked here.
     */
    LedgerHead ledgerHead(long since) throws IOException, InterruptedException;

    /**
     * Whether the server has said, since the last {@link #checkIn}, that its answer changed (CoAP Observe), so the
     * agent checks in now instead of at its next poll. A transport the server cannot notify always says false.
     */
    default boolean checkInChanged() {
        return false;
    }

    /** Releases what the transport holds (sockets, a DTLS session); a client of a shared HTTP client holds nothing. */
    @Override
    default void close() {
    }
}
