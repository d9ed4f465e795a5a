package io.drover.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.server.access.Actor;
import io.drover.server.ledger.Ledger;
import io.drover.server.store.Database;
import io.drover.server.store.DatabaseSettings;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registering devices in batches, and last-seen times noted by authentication and written by a flush, against a real
 * store. Runs once per store backend (see subclasses).
 */
abstract class FleetBatchContract {
    private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");

    private DatabaseSettings settings;
    private Database database;
    private MutableClock clock;
    private LastSeen lastSeen;
    private FleetService fleet;
    private Ledger ledger;

    abstract StoreBackend backend();

    @BeforeEach
    void openStoreWithOneClass() {
        settings = backend().freshDatabase();
        database = Database.open(settings);
        clock = new MutableClock(START);
        lastSeen = new LastSeen(database.jdbi());
        ledger = Ledger.open(database.jdbi(), CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519)), clock);
        fleet = new FleetService(database.jdbi(), clock, new SecureRandom(),
                new DeviceIdentityService(database.jdbi(), clock, ledger), lastSeen, ledger);
        fleet.defineClass(new NewDeviceClass("sensor", UUID.randomUUID(), UUID.randomUUID(), List.of("app")),
                Actor.ADMIN);
    }

    @AfterEach
    void closeStore() {
        ledger.close();
        database.close();
        backend().drop(settings);
    }

    private static NewDevice device(String id, Map<String, String> inventory) {
        return new NewDevice(id, "sensor", inventory, null);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void aBatchIssuesOneWorkingCredentialPerDeviceInRequestOrder() {
        List<NewDevice> batch = IntStream.range(0, 50).mapToObj(i -> device("dev-" + i, Map.of("app", "1.0." + i))).toList();

        List<DeviceCredential> credentials = fleet.registerAll(batch, Actor.ADMIN);

        assertThat(credentials).extracting(DeviceCredential::deviceId)
                .containsExactlyElementsOf(batch.stream().map(NewDevice::id).toList());
        assertThat(credentials).extracting(DeviceCredential::token).doesNotHaveDuplicates();
        for (int i = 0; i < batch.size(); i++) {
            assertThat(fleet.authenticate(credentials.get(i).token()).id()).isEqualTo("dev-" + i);
            assertThat(fleet.device("dev-" + i).inventory()).isEqualTo(Map.of("app", "1.0." + i));
        }
    }

    @Test
    void aBatchWithAnAlreadyRegisteredDeviceRegistersNoneOfIt() {
        fleet.register(device("taken", Map.of()), Actor.ADMIN);

        assertRefused(() -> fleet.registerAll(List.of(device("fresh", Map.of()), device("taken", Map.of())), Actor.ADMIN),
                FleetErrors.DEVICE_EXISTS, "'taken' is already registered");
        assertRefused(() -> fleet.device("fresh"), FleetErrors.DEVICE_NOT_FOUND, "fresh");
    }

    @Test
    void aBatchWithAnUnknownComponentOrClassRegistersNoneOfIt() {
        assertRefused(() -> fleet.registerAll(List.of(device("a", Map.of("app", "1")), device("b", Map.of("os", "1"))), Actor.ADMIN),
                FleetErrors.INVALID, "class 'sensor' has no component 'os'");
        assertRefused(() -> fleet.registerAll(List.of(device("a", Map.of()), new NewDevice("c", "nosuch", Map.of(), null)), Actor.ADMIN),
                FleetErrors.CLASS_NOT_FOUND, "nosuch");
        assertRefused(() -> fleet.device("a"), FleetErrors.DEVICE_NOT_FOUND, "'a'");
    }

    @Test
    void refusesAnEmptyOrOversizedBatchAndOneIdTwice() {
        assertRefused(() -> fleet.registerAll(List.of(), Actor.ADMIN), FleetErrors.INVALID, "register 1 to 10000 devices");
        List<NewDevice> tooMany = IntStream.rangeClosed(0, FleetService.MAX_BATCH)
                .mapToObj(i -> device("dev-" + i, Map.of())).toList();
        assertRefused(() -> fleet.registerAll(tooMany, Actor.ADMIN), FleetErrors.INVALID, "not 10001");
        assertRefused(() -> fleet.registerAll(List.of(device("twice", Map.of()), device("twice", Map.of())), Actor.ADMIN),
                FleetErrors.INVALID, "'twice' appears twice");
        assertRefused(() -> fleet.device("twice"), FleetErrors.DEVICE_NOT_FOUND, "twice");
    }

    @Test
    void aCheckInsLastSeenTimeIsWrittenByTheNextFlushNotByTheCheckIn() {
        String token = fleet.register(device("dev-1", Map.of()), Actor.ADMIN).token();

        fleet.authenticate(token);
        assertThat(fleet.device("dev-1").lastSeenAt()).isEmpty();

        lastSeen.flush();
        assertThat(fleet.device("dev-1").lastSeenAt()).contains(START);
    }

    @Test
    void closingWritesTheLastSeenTimesStillPending() {
        String token = fleet.register(device("dev-1", Map.of()), Actor.ADMIN).token();
        fleet.authenticate(token);
        lastSeen.flush();
        clock.advance(Duration.ofMinutes(5));
        fleet.authenticate(token);

        lastSeen.close();

        assertThat(fleet.device("dev-1").lastSeenAt()).contains(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aLastSeenTimeIsNotWrittenAgainWithinAMinute() {
        String token = fleet.register(device("dev-1", Map.of()), Actor.ADMIN).token();
        fleet.authenticate(token);
        lastSeen.flush();
        clock.advance(Duration.ofSeconds(59));
        fleet.authenticate(token);

        lastSeen.flush();

        assertThat(fleet.device("dev-1").lastSeenAt()).contains(START);
    }
}
