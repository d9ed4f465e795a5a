package io.drover.server.lwm2m;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.transport.californium.client.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.transport.californium.client.endpoint.coaps.CoapsClientProtocolProvider;

/**
 * A real LwM2M client (Eclipse Leshan's client library) in this JVM, on loopback UDP, registering with a Drover
 * server under a device id: a Device object (Object 3) and, unless left out, a Firmware Update object (Object 5).
 * {@link #reboot()} stops it (deregistering) and starts it again, as a device that restarts into new firmware.
 */
final class Lwm2mTestDevice implements AutoCloseable {
    /** Receives Block1 pushes of packages this large. */
    private static final int MAX_BODY = 32 * 1024 * 1024;

    /** The device has its one instance of each object; a server cannot create more. */
    private static final LwM2mInstanceEnablerFactory NO_NEW_INSTANCES = (model, id, used) -> {
        throw new UnsupportedOperationException("this device makes no new instances of object " + model.id);
    };

    final String endpoint;
    final DeviceObject device;
    final FirmwareUpdateObject firmware;
    private final LeshanClient client;
    private final CaliforniumClientEndpointsProvider transport;
    private final List<String> outcomes = new ArrayList<>();

    /**
     * @param server the LwM2M server and how to reach it ({@link #noSec}, {@link #psk})
     * @param firmware the Firmware Update object, or null for a client without one
     */
    Lwm2mTestDevice(String endpoint, Security server, DeviceObject device, FirmwareUpdateObject firmware) {
        this.endpoint = endpoint;
        this.device = device;
        this.firmware = firmware;
        ObjectsInitializer objects = new ObjectsInitializer();
        objects.setInstancesForObject(0, server);
        objects.setInstancesForObject(1, new Server(1, 60));
        objects.setInstancesForObject(3, device);
        objects.setFactoryForObject(3, NO_NEW_INSTANCES);
        if (firmware != null) {
            objects.setInstancesForObject(5, firmware);
            objects.setFactoryForObject(5, NO_NEW_INSTANCES);
        }
        CaliforniumClientEndpointsProvider.Builder endpoints =
                new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                        new CoapsClientProtocolProvider());
        Configuration config = endpoints.createDefaultConfiguration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, MAX_BODY);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024); // Block1 pushes in the largest blocks CoAP has
        // A handshake the server does not complete (a wrong key) fails within seconds, not a minute.
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        endpoints.setConfiguration(config);
        try {
            endpoints.setClientAddress(InetAddress.getByName("127.0.0.1"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
        builder.setObjects(firmware == null ? objects.create(0, 1, 3) : objects.create(0, 1, 3, 5));
        transport = endpoints.build();
        builder.setEndpointsProviders(transport);
        client = builder.build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
                note("registered");
            }

            @Override
            public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code,
                    String message, Exception cause) {
                note("refused " + code);
            }

            @Override
            public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
                note("timeout");
            }

            @Override
            public void onUpdateFailure(LwM2mServer server, UpdateRequest request, ResponseCode code, String message,
                    Exception cause) {
                note("update refused " + code);
            }
        });
    }

    /** The server on its plain port, without DTLS. */
    static Security noSec(int port) {
        return Security.noSec("coap://127.0.0.1:" + port, 1);
    }

    /** The server on its DTLS port, with a pre-shared key. */
    static Security psk(int port, String identity, String key) {
        return Security.psk("coaps://127.0.0.1:" + port, 1, identity.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.US_ASCII));
    }

    private synchronized void note(String outcome) {
        outcomes.add(outcome);
    }

    /**
     * What registering came to, in order: "registered", "refused FORBIDDEN(403)" ("refused null" when no answer came,
     * as after a failed DTLS handshake), "timeout", "update refused …".
     */
    synchronized List<String> outcomes() {
        return List.copyOf(outcomes);
    }

    Lwm2mTestDevice start() {
        client.start();
        return this;
    }

    /** Deregisters, stops and starts again: the server sees a new registration. */
    void reboot() {
        client.stop(true);
        client.start();
    }

    /** Asks for a registration update now, rather than at the lifetime's end. */
    void updateRegistration() {
        client.triggerRegistrationUpdate();
    }

    /** Lets {@code interceptor} see every CoAP message the started client sends and receives. */
    void intercept(MessageInterceptor interceptor) {
        transport.getCoapServer().getEndpoints().forEach(endpoint -> endpoint.addPostProcessInterceptor(interceptor));
    }

    /** Lets {@code interceptor} see every CoAP message of the started client before its stack does, and cancel it. */
    void interceptBeforeSending(MessageInterceptor interceptor) {
        transport.getCoapServer().getEndpoints().forEach(endpoint -> endpoint.addInterceptor(interceptor));
    }

    /** Deregisters and stops for good, keeping its objects as they are, for another client to take them on. */
    void leave() {
        client.destroy(true);
    }

    @Override
    public void close() {
        client.destroy(true);
        if (firmware != null) {
            firmware.close();
        }
    }
}
