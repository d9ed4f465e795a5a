package io.drover.server.device;

import io.drover.error.DroverException;
import io.drover.server.fleet.FleetErrors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Idle tickets let a node answer "still nothing to do" to a device's check-in from memory, with no database read.
 *
 * <p>A full check-in whose answer is "nothing to do" carries a ticket: the device's id, its class and the time, with
 * an HMAC over them, the device's bearer token and its class's answer mark at that time
 * ({@link io.drover.server.rollout.AnswerMarks}). The key is shared by every node through the database. A device that
 * checks in again with the ticket, the same token and the idle ETag is answered 304 at once for as long as the mark of
 * its class is unchanged: a rollout created or changed, the class's compatibility policy changed, or a device's groups
 * changed or its credential revoked by an operator all move the mark and void every ticket of the class, and the next
 * check-in is a full one. What the device changes itself (its attributes, its reports) does not move the mark: the
 * device drops its ticket when it does (drover-agent does), since only it can present a ticket made with its token.
 *
 * <p>Text form: {@code 1.<issued, epoch seconds>.<class>.<device id, base64url>.<HMAC, 16 bytes, base64url>}.
 */
public final class IdleTickets {
    /** The longest ticket accepted: a device id of 200 characters fits well inside. */
    private static final int MAX_LENGTH = 400;
    private static final byte[] LABEL = "drover idle ticket v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder FROM_BASE64URL = Base64.getUrlDecoder();

    /** What a ticket says: whose it is and when it was issued (or last renewed). */
    record Ticket(String deviceId, long classDbId, Instant issuedAt, byte[] mac) {}

    /** One keyed HMAC per thread, reused: each check-in by ticket needs one, and making one costs more than using it. */
    private final ThreadLocal<Mac> macs;
    private final Clock clock;

    public IdleTickets(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("an idle ticket key has at least 32 bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        });
        this.clock = clock;
    }

    /** A ticket for the device holding {@code token}, told "nothing to do" under its class's {@code mark}. */
    String issue(String token, String deviceId, long classDbId, String mark) {
        long issued = clock.instant().getEpochSecond();
        return "1." + issued + "." + classDbId + "." + BASE64URL.encodeToString(deviceId.getBytes(StandardCharsets.UTF_8))
                + "." + BASE64URL.encodeToString(mac(token, deviceId, classDbId, issued, mark));
    }

    /** The ticket {@code text} states, not yet checked; text not in the ticket's form fails as malformed. */
    static Ticket parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw malformed(text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals("1")) {
            throw malformed(text);
        }
        try {
            byte[] mac = FROM_BASE64URL.decode(parts[4]);
            String deviceId = new String(FROM_BASE64URL.decode(parts[3]), StandardCharsets.UTF_8);
            if (mac.length != MAC_BYTES || deviceId.isEmpty()) {
                throw malformed(text);
            }
            return new Ticket(deviceId, Long.parseLong(parts[2]), Instant.ofEpochSecond(Long.parseLong(parts[1])), mac);
        } catch (IllegalArgumentException | DateTimeException e) { // NumberFormatException is an IllegalArgumentException
            throw malformed(text);
        }
    }

    /** Whether the ticket was issued by a node of this database to the holder of {@code token}, under {@code mark}. */
    boolean vouches(Ticket ticket, String token, String mark) {
        byte[] expected = mac(token, ticket.deviceId(), ticket.classDbId(), ticket.issuedAt().getEpochSecond(), mark);
        return MessageDigest.isEqual(expected, ticket.mac());
    }

    /** Whether the ticket is older than {@code resolution}, so that the device is noted seen and the ticket renewed. */
    boolean due(Ticket ticket, Duration resolution) {
        return ticket.issuedAt().plus(resolution).isBefore(clock.instant());
    }

    private byte[] mac(String token, String deviceId, long classDbId, long issued, String mark) {
        Mac mac = macs.get();
        for (byte[] field : new byte[][] {LABEL, token.getBytes(StandardCharsets.UTF_8),
                deviceId.getBytes(StandardCharsets.UTF_8), Long.toString(classDbId).getBytes(StandardCharsets.US_ASCII),
                Long.toString(issued).getBytes(StandardCharsets.US_ASCII), mark.getBytes(StandardCharsets.UTF_8)}) {
            mac.update(field);
            mac.update((byte) 0); // no field holds a zero byte: a token, an id, digits and the mark are text
        }
        return Arrays.copyOf(mac.doFinal(), MAC_BYTES); // doFinal also readies the HMAC for its next use
    }

    private static DroverException malformed(String text) {
        return new DroverException(FleetErrors.BAD_TICKET, "the idle ticket '"
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "' is not one this server issues: check "
                + "in without it (and without If-None-Match) to get a new one");
    }
}
