package io.drover.server.lwm2m;

import io.drover.server.blob.Sha256Prefix;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node's LwM2M server runs (CoAP over UDP).
 *
 * @param host the address to listen on
 * @param port the plain UDP port (devices without DTLS, security mode NoSec), 0 for any free one, {@link #OFF} for none
 * @param dtlsPort the DTLS port (devices with a PSK Drover issued), 0 for any free one, {@link #OFF} for none
 * @param packageUriBase where LwM2M devices download firmware packages themselves (pull): a {@code coap://} or
 *     {@code coaps://} URI of Drover's CoAP artifact endpoint, under which a package is {@code /a/<sha256>}; empty:
 *     packages are only pushed
 * @param checkInterval how often the node looks at each device registered with it: for a new assignment, and at the
 *     state of an update in progress, in case a notification was lost
 */
public record Lwm2mSettings(String host, int port, int dtlsPort, Optional<URI> packageUriBase,
        Duration checkInterval) {
    /** A port that is not opened. */
    public static final int OFF = -1;
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);

    public Lwm2mSettings {
        Objects.requireNonNull(host, "host");
        checkPort("port", port);
        checkPort("DTLS port", dtlsPort);
        if (port == OFF && dtlsPort == OFF) {
            throw new IllegalArgumentException("an LwM2M server needs a port, plain or DTLS");
        }
        Objects.requireNonNull(packageUriBase, "packageUriBase");
        packageUriBase.ifPresent(base -> {
            if (!"coap".equals(base.getScheme()) && !"coaps".equals(base.getScheme()) || base.getHost() == null
                    || base.getQuery() != null || base.getFragment() != null) {
                throw new IllegalArgumentException("the LwM2M package URI base must be coap:// or coaps:// with a host "
                        + "and no query, not " + base);
            }
        });
        if (checkInterval == null || checkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("the LwM2M check interval must be at least 1 ms: " + checkInterval);
        }
    }

    /**
     * Listens on {@code host} at the plain {@code port} and the {@code dtlsPort} (either {@link #OFF}), pushes packages
     * only, checks devices every 30 seconds.
     */
    public static Lwm2mSettings on(String host, int port, int dtlsPort) {
        return new Lwm2mSettings(host, port, dtlsPort, Optional.empty(), DEFAULT_CHECK_INTERVAL);
    }

    public Lwm2mSettings withPackageUriBase(URI base) {
        return new Lwm2mSettings(host, port, dtlsPort, Optional.of(base), checkInterval);
    }

    public Lwm2mSettings withCheckInterval(Duration interval) {
        return new Lwm2mSettings(host, port, dtlsPort, packageUriBase, interval);
    }

    private static void checkPort(String name, int port) {
        if (port != OFF && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("the LwM2M " + name + " must be 0..65535, not " + port);
        }
    }

    /**
     * These settings, with devices pulling from the node's own CoAP artifact endpoint at {@code coapHost} and
     * {@code coapPort} unless a package URI base is set already. A wildcard address names no host a device can reach:
     * then packages are pushed until a base is set.
     */
    public Lwm2mSettings pullingFrom(String coapHost, int coapPort) {
        if (packageUriBase.isPresent() || List.of("0.0.0.0", "::", "[::]").contains(coapHost)) {
            return this;
        }
        String host = coapHost.contains(":") && !coapHost.startsWith("[") ? "[" + coapHost + "]" : coapHost;
        return withPackageUriBase(URI.create("coap://" + host + ":" + coapPort));
    }

    /**
     * The URI a device downloads the package with this digest from, when packages can be pulled. It names the package
     * by the shortest prefix of its digest the CoAP endpoint takes, since every block request carries it.
     */
    Optional<String> packageUri(String sha256Hex) {
        return packageUriBase.map(base -> base.toString().replaceAll("/+$", "") + "/a/"
                + sha256Hex.substring(0, Sha256Prefix.MIN_DIGITS));
    }
}
