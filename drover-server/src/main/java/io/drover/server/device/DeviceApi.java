package io.drover.server.device;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.ledger.DeviceHead;
import io.drover.server.ledger.Ledger;
import io.drover.server.release.NamedEnvelope;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.CheckInAnswer;
import io.drover.server.rollout.DeviceHealth;
import io.drover.server.rollout.DeviceReport;
import io.drover.server.rollout.HealthReports;
import io.drover.server.rollout.RolloutService;
import io.drover.suit.VerificationKey;
import java.util.Map;

/**
 * Everything a device asks of the server and tells it, whatever the transport: the HTTP routes
 * ({@link DeviceRoutes}) and the CoAP resources authenticate the device their own way, then call the same methods,
 * so rollouts treat devices alike however they connect.
 */
public final class DeviceApi {
    private final DeviceIdentityService identities;
    private final RolloutService rollouts;
    private final AssignmentService assignments;
    private final DeviceTraitsService traits;
    private final HealthReports health;
    private final ReleaseService releases;
    private final Ledger ledger;

    public DeviceApi(DeviceIdentityService identities, RolloutService rollouts, AssignmentService assignments,
            DeviceTraitsService traits, HealthReports health, ReleaseService releases, Ledger ledger) {
        this.identities = identities;
        this.rollouts = rollouts;
        this.assignments = assignments;
        this.traits = traits;
        this.health = health;
        this.releases = releases;
        this.ledger = ledger;
    }

    /** A check-in answer and its strong validator, which changes exactly when the answer does. */
    public record CheckInReply(String etag, CheckIn body) {}

    public CheckInReply checkIn(AuthenticatedDevice device) {
        CheckInAnswer answer = assignments.answerFor(device);
        return new CheckInReply(answer.etag(),
                new CheckIn(device.id(), answer.assignment().orElse(null), answer.rollback().orElse(null)));
    }

    public DeviceIdentity.Registration registerIdentity(AuthenticatedDevice device, VerificationKey key) {
        return identities.registerByDevice(device, key);
    }

    /** A release's envelope, for a device of its class only. */
    public byte[] envelope(AuthenticatedDevice device, long releaseId) {
        return releases.envelopeForClass(releaseId, device.classDbId());
    }

    /**
     * The envelope {@code name} names (its SHA-256 or a prefix of 16 or more hex digits), for any device: like an
     * artifact, it is named by a digest that only a check-in answer of its class tells, and gateways fetch envelopes
     * this way for the devices they serve.
     */
    public NamedEnvelope envelope(String name) {
        return releases.envelope(name);
    }

    public void report(AuthenticatedDevice device, DeviceReport report) {
        rollouts.report(device, report);
    }

    public void reportAttributes(AuthenticatedDevice device, Map<String, String> attributes) {
        traits.reportAttributes(device.id(), attributes);
    }

    public void reportHealth(AuthenticatedDevice device, DeviceHealth report) {
        health.record(device.id(), report);
    }

    /** The ledger's latest head with the proof that it extends the tree of {@code since} entries. */
    public DeviceHead ledgerHead(long since) {
        return ledger.deviceHead(since);
    }
}
