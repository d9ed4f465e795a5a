package io.drover.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.server.DroverServer;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle tickets over real HTTP against a real store: a device told "nothing to do" is answered again from memory while
 * its class's answers cannot have changed, and in full as soon as they may have. A check-in answered from memory sends
 * no new ticket (unless renewing one) and does not see a change written into the database behind the server's back,
 * which is how these tests tell the two paths apart. Runs once per store backend (see subclasses).
 */
abstract class IdleTicketContract {
    private static final String CLASS = "sensor";
    private static final String APP = "app";
    private static final String IDLE = "\"idle\"";
    private static final Instant START = Instant.parse("2026-11-29T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private String token;

    abstract StoreBackend backend();

    @BeforeEach
    void startServerWithOneDevice() {
        server = TestServer.withClock(backend(), clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ES256);
        vendor.defineClass(CLASS, APP);
        token = vendor.register("dev-1", CLASS, APP, "1.0.0");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anIdleAnswerCarriesATicketThatIsThenAnsweredFromMemory() {
        Answer first = checkIn(token, null, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("assignment").isNull()).isTrue();
        assertThat(first.header("ETag")).isEqualTo(IDLE);
        String ticket = first.header(DeviceRoutes.TICKET);
        assertThat(ticket).startsWith("1.");

        revokeBehindTheServersBack("dev-1");

        Answer fromMemory = checkIn(token, IDLE, ticket);
        assertThat(fromMemory.status()).isEqualTo(304);
        assertThat(fromMemory.header("ETag")).isEqualTo(IDLE);
        assertThat(fromMemory.header(DeviceRoutes.TICKET)).as("no new ticket from memory").isNull();
        // The same check-in without the ticket reads the device's row, and finds it revoked.
        assertThat(checkIn(token, IDLE, null).errorCode()).isEqualTo("device.revoked-credential");
    }

    @Test
    void aFullCheckInThatFindsNothingChangedAlsoCarriesATicket() {
        checkIn(token, null, null);
        Answer unchanged = checkIn(token, IDLE, null);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header(DeviceRoutes.TICKET)).startsWith("1.");
        assertThat(checkIn(token, IDLE, unchanged.header(DeviceRoutes.TICKET)).status()).isEqualTo(304);
    }

    @Test
    void aRolloutOfTheClassVoidsTheTicketAtOnce() {
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", uploadedImage())));

        Answer assigned = checkIn(token, IDLE, ticket);
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().at("/assignment/rolloutId").asLong()).isEqualTo(rolloutId);
        assertThat(assigned.header(DeviceRoutes.TICKET)).as("only idle answers carry a ticket").isNull();
    }

    @Test
    void aWavePromotedByTheControllerVoidsTheTicketAtOnce() {
        long releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", uploadedImage()));
        // A first wave of one device in a million: dev-1 is in the second one.
        Answer created = admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"waves":[{"percent":0.0001,"soak":"PT1H","successPercent":0},
                  {"percent":100,"soak":"PT0S","successPercent":0}]}""".formatted(releaseId));
        assertThat(created.status()).isEqualTo(201);
        server.rolloutController().pass();
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        assertThat(checkIn(token, IDLE, ticket).status()).as("not in the first wave").isEqualTo(304);

        clock.advance(Duration.ofHours(1));
        server.rolloutController().pass();

        Answer assigned = checkIn(token, IDLE, ticket);
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().at("/assignment/rolloutId").asLong()).isEqualTo(created.json().get("id").asLong());
    }

    @Test
    void revokingTheDeviceVoidsItsTicketAtOnce() {
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        assertThat(admin.postJson("/api/v1/devices/dev-1/revoke", "{}").status()).isEqualTo(204);

        Answer refused = checkIn(token, IDLE, ticket);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("device.revoked-credential");
    }

    @Test
    void changingAnyDevicesGroupsVoidsTheTicketsOfItsClass() {
        vendor.register("dev-2", CLASS, APP, "1.0.0");
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        assertThat(admin.putJson("/api/v1/devices/dev-2/groups", "{\"groups\":[\"canary\"]}").status()).isEqualTo(200);
        revokeBehindTheServersBack("dev-1");

        assertThat(checkIn(token, IDLE, ticket).errorCode()).as("answered in full").isEqualTo("device.revoked-credential");
    }

    @Test
    void aTicketVouchesOnlyForTheTokenAndTheFieldsItWasIssuedWith() {
        String other = vendor.register("dev-2", CLASS, APP, "1.0.0");
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        revokeBehindTheServersBack("dev-2");
        assertThat(checkIn(other, IDLE, ticket).errorCode()).as("another device's ticket").isEqualTo(
                "device.revoked-credential");

        revokeBehindTheServersBack("dev-1");
        String[] fields = ticket.split("\\.");
        String laterIssue = "1." + (Long.parseLong(fields[1]) + 1) + "." + fields[2] + "." + fields[3] + "." + fields[4];
        assertThat(checkIn(token, IDLE, laterIssue).errorCode()).as("an altered time").isEqualTo(
                "device.revoked-credential");
        // With another ETag held, the ticket is not even looked at.
        assertThat(checkIn(token, "\"r1.1\"", ticket).errorCode()).isEqualTo("device.revoked-credential");
    }

    @Test
    void aMalformedTicketIsRefusedWithAClearError() {
        for (String malformed : new String[] {"garbage", "2.1.1.ZGV2LTE.AAAAAAAAAAAAAAAAAAAAAA", "1.x.1.ZGV2LTE.AAAA",
                "1.1.1.ZGV2LTE.AAAA", "1.1.1..AAAAAAAAAAAAAAAAAAAAAA", "1.1.1.ZGV2LTE.AAAAAAAAAAAAAAAAAAAAAA.x",
                "1." + "9".repeat(30) + ".1.ZGV2LTE.AAAAAAAAAAAAAAAAAAAAAA", "1.1.1.ZGV2LTE." + "A".repeat(500)}) {
            Answer refused = checkIn(token, IDLE, malformed);
            assertThat(refused.status()).as(malformed).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("device.bad-ticket");
            assertThat(refused.json().path("message").asText()).contains("check in without it");
        }
        assertThat(checkIn(token, null, null).status()).as("nothing lost").isEqualTo(200);
    }

    @Test
    void aTicketIsRenewedAndTheDeviceNotedSeenOnceTheTicketIsAMinuteOld() {
        String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
        awaitLastSeen(START);

        clock.advance(Duration.ofSeconds(50));
        assertThat(checkIn(token, IDLE, ticket).header(DeviceRoutes.TICKET)).as("not yet due").isNull();

        clock.advance(Duration.ofSeconds(20));
        Answer renewing = checkIn(token, IDLE, ticket);
        assertThat(renewing.status()).isEqualTo(304);
        String renewed = renewing.header(DeviceRoutes.TICKET);
        assertThat(renewed).startsWith("1." + START.plusSeconds(70).getEpochSecond() + ".");
        awaitLastSeen(START.plusSeconds(70));

        revokeBehindTheServersBack("dev-1");
        assertThat(checkIn(token, IDLE, renewed).status()).as("the renewed ticket, from memory").isEqualTo(304);
    }

    @Test
    void anotherNodeSeesAChangeWithinTheMarksMaximumAgeAndThisNodeAtOnce() {
        try (DroverServer other = server.anotherNode(UnaryOperator.identity())) {
            ApiClient otherAdmin = new ApiClient(other.baseUrl("127.0.0.1"), TestServer.ADMIN_TOKEN);
            String ticket = checkIn(token, null, null).header(DeviceRoutes.TICKET);
            assertThat(checkIn(otherAdmin.as(token), IDLE, ticket).status()).as("valid on every node").isEqualTo(304);

            long releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", uploadedImage()));
            Answer created = otherAdmin.postJson("/api/v1/rollouts", "{\"releaseId\":" + releaseId + "}");
            assertThat(created.status()).isEqualTo(201);

            assertThat(checkIn(otherAdmin.as(token), IDLE, ticket).status()).as("the node that made it").isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(checkIn(token, IDLE, ticket).status()).isEqualTo(200));
        }
    }

    private Answer checkIn(String deviceToken, String etag, String ticket) {
        return checkIn(admin.as(deviceToken), etag, ticket);
    }

    private static Answer checkIn(ApiClient device, String etag, String ticket) {
        if (etag == null) {
            return device.get("/device/v1/checkin");
        }
        return ticket == null ? device.get("/device/v1/checkin", "If-None-Match", etag)
                : device.get("/device/v1/checkin", "If-None-Match", etag, DeviceRoutes.TICKET, ticket);
    }

    private byte[] uploadedImage() {
        byte[] image = TestVendor.randomBytes(1000, 1);
        vendor.upload(image);
        return image;
    }

    private void revokeBehindTheServersBack(String deviceId) {
        server.withDatabase(h -> h.createUpdate("UPDATE device SET revoked = TRUE WHERE id = :id")
                .bind("id", deviceId).execute());
    }

    private void awaitLastSeen(Instant at) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                admin.get("/api/v1/devices/dev-1").json().get("lastSeenAt").asText()).isEqualTo(at.toString()));
    }
}
