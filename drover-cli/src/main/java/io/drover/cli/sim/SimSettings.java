package io.drover.cli.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A scenario: how many devices of how many classes, which faults at what rate, which class gets a bad release,
 * which share of the devices is never in the depot (so its installs wait for good), and in which waves each class's
 * rollout widens; which classes are constrained devices speaking CoAP over DTLS, and whether those download through a
 * gateway; and how the emulator runs it: how often devices poll, how long it waits, how many requests the devices may
 * have on the wire at once.
 */
record SimSettings(int devices, List<String> classNames, double faultRate, String badClass, double neverInDepot, SimWaves waves,
        long seed, Duration pollInterval, Duration timeout, int maxConnections, Set<String> coapClasses,
        boolean gateway) {
    SimSettings {
        Objects.requireNonNull(waves, "waves");
        classNames = List.copyOf(classNames);
        coapClasses = Set.copyOf(coapClasses);
        if (!classNames.containsAll(coapClasses)) {
            throw new IllegalArgumentException("--coap-classes must name classes of " + String.join(", ", classNames));
        }
        if (gateway && coapClasses.isEmpty()) {
            throw new IllegalArgumentException("--gateway needs --coap-classes: only CoAP devices download through it");
        }
        if (devices < 1 || devices > 100_000) {
            throw new IllegalArgumentException("--devices must be between 1 and 100000");
        }
        if (classNames.isEmpty() || classNames.size() > devices) {
            throw new IllegalArgumentException("--classes must be between 1 and the number of devices");
        }
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("--fault-rate must be in [0, 1]");
        }
        if (!(neverInDepot >= 0 && neverInDepot <= 1)) {
            throw new IllegalArgumentException("--never-in-depot must be in [0, 1]");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (!pollInterval.isPositive()) {
            throw new IllegalArgumentException("--poll-interval must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1");
        }
        if (badClass != null && !classNames.contains(badClass)) {
            throw new IllegalArgumentException("--bad-class must be one of " + String.join(", ", classNames));
        }
    }

    /** An HTTP-only scenario. */
    SimSettings(int devices, List<String> classNames, double faultRate, String badClass, double neverInDepot,
            SimWaves waves, long seed, Duration pollInterval, Duration timeout, int maxConnections) {
        this(devices, classNames, faultRate, badClass, neverInDepot, waves, seed, pollInterval, timeout,
                maxConnections, Set.of(), false);
    }

    /** Whether the devices of {@code className} speak CoAP. */
    boolean speaksCoap(String className) {
        return coapClasses.contains(className);
    }

    /** The classes of a simulation of its own: class-1 … class-{@code classes}. */
    static List<String> classNames(int classes) {
        return IntStream.rangeClosed(1, classes).mapToObj(i -> "class-" + i).toList();
    }

    /** Devices go round-robin over the classes, so every class gets its share. */
    String classOf(int device) {
        return classNames.get(device % classNames.size());
    }

    /**
     * Whether the device is one of the {@link #neverInDepot} share: its agent may install only in the depot, and it
     * never is. Drawn per device from the seed, so classes get their share alike.
     */
    boolean neverInDepot(int device) {
        return neverInDepot > 0 && new SplittableRandom(seed * 31 + device).nextDouble() < neverInDepot;
    }

    int devicesOf(String className) {
        return (int) IntStream.range(0, devices).filter(i -> classOf(i).equals(className)).count();
    }

    String deviceId(int device) {
        return "%s-%05d".formatted(classOf(device), device);
    }
}
