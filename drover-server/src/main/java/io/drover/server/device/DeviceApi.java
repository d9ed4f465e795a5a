package io.drover.server.device;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import io.drover.server.ledger.DeviceHead;
import io.drover.server.ledger.Ledger;
import io.drover.server.release.NamedEnvelope;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.AnswerMarks;
import io.drover.server.rollout.Assignment;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.CheckInAnswer;
import io.drover.server.rollout.DeviceHealth;
import io.drover.server.rollout.DeviceReport;
import io.drover.server.rollout.HealthReports;
import io.drover.server.rollout.RolloutService;
import io.drover.suit.VerificationKey;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a device asks of the server and tells it, whatever the transport: the HTTP routes
 * ({@link DeviceRoutes}) and the CoAP resources authenticate the device their own way, then call the same methods,
 * so rollouts treat devices alike however they connect.
 */
public final class DeviceApi {
    private final DeviceIdentityService identities;
    private final FleetService fleet;
    private final AnswerMarks marks;
    private final IdleTickets tickets;
    private final RolloutService rollouts;
    private final AssignmentService assignments;
    private final DeviceTraitsService traits;
    private final HealthReports health;
    private final ReleaseService releases;
    private final Ledger ledger;

    public DeviceApi(DeviceIdentityService identities, FleetService fleet, RolloutService rollouts,
            AssignmentService assignments, AnswerMarks marks, IdleTickets tickets, DeviceTraitsService traits,
            HealthReports health, ReleaseService releases, Ledger ledger) {
        this.identities = identities;
        this.fleet = fleet;
        this.marks = marks;
        this.tickets = tickets;
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

    /** A check-in answer, with an idle ticket when it is "nothing to do" ({@link IdleTickets}). */
    public record TicketedReply(CheckInReply reply, Optional<String> ticket) {}

    /** A full check-in of the device holding {@code token}; an idle answer comes with a ticket. */
    public TicketedReply checkIn(AuthenticatedDevice device, String token) {
        // Read before the answer is: a change made in between leaves the ticket void, never vouching for a stale answer.
        String mark = marks.of(device.classDbId());
        CheckInReply reply = checkIn(device);
        return new TicketedReply(reply, reply.etag().equals(Assignment.NONE_ETAG)
                ? Optional.of(tickets.issue(token, device.id(), device.classDbId(), mark)) : Optional.empty());
    }

    /** A check-in answered "still nothing to do" by idle ticket; {@code renewed} replaces the ticket held. */
    public record StillIdle(Optional<String> renewed) {}

    /**
     * The answer to a check-in by the holder of {@code token} with an idle ticket, from memory: present when the
     * ticket still vouches that there is nothing to do, with a renewed ticket once the one held is older than
     * {@link FleetService#LAST_SEEN_RESOLUTION} (the device is then noted seen); empty when it no longer does, and
     * the device is checked in in full. A ticket not in the form issued fails as malformed.
     */
    public Optional<StillIdle> stillIdle(String token, String ticket) {
        IdleTickets.Ticket held = IdleTickets.parse(ticket);
        String mark = marks.of(held.classDbId());
        if (!tickets.vouches(held, token, mark)) {
            return Optional.empty();
        }
        if (!tickets.due(held, FleetService.LAST_SEEN_RESOLUTION)) {
            return Optional.of(new StillIdle(Optional.empty()));
        }
        fleet.noteSeen(held.deviceId());
        return Optional.of(new StillIdle(Optional.of(tickets.issue(token, held.deviceId(), held.classDbId(), mark))));
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
