package io.drover.server.lwm2m;

import io.drover.server.artifact.ArtifactService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.RolloutService;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import io.drover.server.fleet.DevicePsks;
import java.util.OptionalInt;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpoint;
import org.eclipse.leshan.servers.security.SecurityStore;
import org.eclipse.leshan.transport.californium.server.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.transport.californium.server.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.transport.californium.server.endpoint.coap.CoapServerProtocolProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's LwM2M server (Eclipse Leshan over Californium, CoAP on UDP, plain and DTLS with PSKs): Drover's devices
 * register with it under their device ids, and rollouts reach them through the Firmware Update object. An adapter
 * over the same fleet and rollout services the HTTP device API uses; see {@link FirmwareUpdates} and
 * {@link Lwm2mDevices}.
 *
 * <p>Registrations live in this node's memory (Leshan's in-memory registration store): a device is driven by the
 * node it registered with, and registers again with another when that node goes away.
 */
public final class Lwm2mServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lwm2mServer.class);

    private final LeshanServer leshan;
    private final Lwm2mDevices devices;
    private final ScheduledExecutorService sweeps;

    private Lwm2mServer(LeshanServer leshan, Lwm2mDevices devices, ScheduledExecutorService sweeps) {
        this.leshan = leshan;
        this.devices = devices;
        this.sweeps = sweeps;
    }

    /** Starts listening, and checks every registered device every {@link Lwm2mSettings#checkInterval()}. */
    public static Lwm2mServer start(Lwm2mSettings settings, FleetService fleet, DevicePsks psks,
            DeviceTraitsService traits, AssignmentService assignments, RolloutService rollouts,
            ReleaseService releases, ArtifactService artifacts, Clock clock) {
        CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider());
        // Pushes go in 1 KiB Block1 blocks, the largest CoAP allows: fewest round trips and headers per package.
        endpoints.setConfiguration(c -> c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024));
        if (settings.port() != Lwm2mSettings.OFF) {
            endpoints.addEndpoint(new InetSocketAddress(settings.host(), settings.port()), Protocol.COAP);
        }
        if (settings.dtlsPort() != Lwm2mSettings.OFF) {
            endpoints.addEndpoint(new InetSocketAddress(settings.host(), settings.dtlsPort()), Protocol.COAPS);
        }
        SecurityStore security = new DevicePskSecurity(psks);
        LeshanServerBuilder builder = new LeshanServerBuilder();
        builder.setEndpointsProviders(endpoints.build());
        builder.setSecurityStore(security);
        builder.setAuthorizer(new DeviceAuthorizer(fleet, security));
        LeshanServer leshan = builder.build();

        DeviceLink link = new DeviceLink(leshan);
        DeviceInventory inventory = new DeviceInventory(fleet, traits);
        FirmwareUpdates updates = new FirmwareUpdates(link, assignments, rollouts, releases, fleet, traits, inventory,
                new FirmwarePackages(releases, artifacts), settings, clock);
        Lwm2mDevices devices = new Lwm2mDevices(fleet, leshan.getRegistrationService(), leshan.getRegistrationStore(),
                link, inventory, updates);
        leshan.getRegistrationService().addListener(devices);
        leshan.getObservationService().addListener(devices);
        leshan.start();

        ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("drover-lwm2m-sweep").daemon().factory());
        long every = settings.checkInterval().toMillis();
        sweeps.scheduleWithFixedDelay(() -> {
            try {
                devices.sweep();
            } catch (RuntimeException e) {
                LOG.warn("sweeping the LwM2M registrations failed", e); // the next sweep tries again
            }
        }, every, every, TimeUnit.MILLISECONDS);
        Lwm2mServer server = new Lwm2mServer(leshan, devices, sweeps);
        LOG.info("LwM2M server listening on {}; {}", server.leshan.getEndpoints().stream()
                        .map(e -> e.getURI().toString()).toList(),
                settings.packageUriBase().map(base -> "devices may pull packages from " + base)
                        .orElse("packages are pushed (no package URI base)"));
        return server;
    }

    /** The plain UDP port, when open. */
    public OptionalInt port() {
        return port(Protocol.COAP);
    }

    /** The DTLS port, when open. */
    public OptionalInt dtlsPort() {
        return port(Protocol.COAPS);
    }

    private OptionalInt port(Protocol protocol) {
        LwM2mServerEndpoint endpoint = leshan.getEndpoint(protocol);
        return endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint.getURI().getPort());
    }

    @Override
    public void close() {
        sweeps.shutdownNow();
        devices.close();
        leshan.destroy();
    }
}
