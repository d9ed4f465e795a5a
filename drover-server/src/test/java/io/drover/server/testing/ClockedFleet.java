package io.drover.server.testing;

import io.drover.suit.SignatureAlgorithm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the rollout contracts start from: a server on a settable clock, a vendor with one device class of one
 * component, and helpers to register devices and release versions of that component. Closing it stops the server.
 */
public final class ClockedFleet implements AutoCloseable {
    /** Where every fleet's clock starts. */
    public static final Instant START = Instant.parse("2026-11-28T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final String className;
    private final String component;
    private final TestServer server;
    private final ApiClient admin;
    private final TestVendor vendor;

    private ClockedFleet(StoreBackend backend, String className, String component) {
        this.className = className;
        this.component = component;
        this.server = TestServer.withClock(backend, clock);
        this.admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        this.vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(className, component);
    }

    public static ClockedFleet start(StoreBackend backend, String className, String component) {
        return new ClockedFleet(backend, className, component);
    }

    /** Registers {@code deviceId} running {@code version} of the component; returns its token. */
    public String register(String deviceId, String version) {
        return vendor.register(deviceId, className, component, version);
    }

    /** Registers {@code prefix-00} … running {@code version}; returns their tokens by device id, in that order. */
    public Map<String, String> register(String prefix, int count, String version) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = "%s-%02d".formatted(prefix, i);
            tokens.put(id, register(id, version));
        }
        return tokens;
    }

    /** Uploads an image and releases it as {@code version} of the component with {@code sequence}; returns its id. */
    public long release(long sequence, String version) {
        byte[] image = TestVendor.randomBytes(1000, sequence);
        vendor.upload(image);
        return vendor.release(className, vendor.sign(sequence, component, version, image));
    }

    public MutableClock clock() {
        return clock;
    }

    public TestServer server() {
        return server;
    }

    public ApiClient admin() {
        return admin;
    }

    @Override
    public void close() {
        server.close();
    }
}
