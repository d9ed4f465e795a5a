package io.drover.sim;

import io.drover.sim.impair.DatagramImpairment;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.sim.impair.Impairment;
import io.drover.sim.impair.UdpRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An emulated device's network: the way to each address it talks to (its server, a gateway), impaired as its faults
 * say. A direct link is the address itself; an impaired one is a relay of its own on loopback for each address, kept
 * across the device's restarts: TCP ({@link ImpairedRelay}) for http, UDP ({@link UdpRelay}) for coap and coaps, where
 * the link's delay, jitter and corruption apply to each datagram and a link that drops connections loses datagrams.
 */
public final class DeviceLink implements AutoCloseable {
    /** The share of datagrams a poor link loses each way, where over TCP it drops a connection now and then. */
    static final double POOR_LINK_LOSS = 0.05;
    private static final Duration RELAY_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Impairment network;
    private final long seed;
    private final Map<URI, AutoCloseable> relays = new ConcurrentHashMap<>();
    private final Map<URI, URI> routes = new ConcurrentHashMap<>();

    DeviceLink(Impairment network, long seed) {
        this.network = network;
        this.seed = seed;
    }

    /** Where the device sends what is meant for {@code target} ({@code scheme://host:port}). */
    public URI to(URI target) {
        if (network.equals(Impairment.NONE)) {
            return target;
        }
        return routes.computeIfAbsent(target, this::relay);
    }

    /**
     * The datagram path that matches the device's TCP link, towards the device: its delay, jitter and corruption,
     * and a loss where the TCP link drops connections.
     */
    DatagramImpairment datagrams() {
        boolean drops = network.disconnectProbability() > 0 || network.disconnectAfterBytes() > 0;
        return DatagramImpairment.like(network, drops ? POOR_LINK_LOSS : 0);
    }

    private URI relay(URI target) {
        InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
        try {
            if (target.getScheme().startsWith("coap")) {
                // Datagrams towards the server are lost and delayed too; corruption hits what the device receives.
                DatagramImpairment down = datagrams();
                DatagramImpairment up = down.withCorruption(0, 0, 0);
                UdpRelay relay = UdpRelay.start(address, up, down,
                        new SplittableRandom(seed ^ target.toString().hashCode()), RELAY_IDLE_TIMEOUT);
                relays.put(target, relay);
                return relay.url(target.getScheme());
            }
            ImpairedRelay relay = ImpairedRelay.start(address, Impairment.NONE, network, new SplittableRandom(seed),
                    RELAY_IDLE_TIMEOUT);
            relays.put(target, relay);
            return relay.httpUrl();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a relay to " + target, e);
        }
    }

    @Override
    public void close() {
        relays.values().forEach(relay -> {
            try {
                relay.close();
            } catch (Exception e) {
                // Closing a relay resets its connections; nothing else can go wrong that matters here.
            }
        });
    }
}
