package io.drover.server.lwm2m;

import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;

/** A device's Device object (Object 3): who made it, its model, and the firmware it runs, which an update changes. */
public final class DeviceObject extends BaseInstanceEnabler {
    private final String manufacturer;
    private final String model;
    private volatile String firmwareVersion;

    public DeviceObject(String manufacturer, String model, String firmwareVersion) {
        this.manufacturer = manufacturer;
        this.model = model;
        this.firmwareVersion = firmwareVersion;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resource) {
        return switch (resource) {
            case 0 -> ReadResponse.success(resource, manufacturer);
            case 1 -> ReadResponse.success(resource, model);
            case 3 -> ReadResponse.success(resource, firmwareVersion);
            case 11 -> ReadResponse.success(resource, Map.of(0, 0L), Type.INTEGER);
            case 16 -> ReadResponse.success(resource, "U");
            default -> super.read(server, resource);
        };
    }

    public void firmwareVersion(String version) {
        this.firmwareVersion = version;
        fireResourceChange(3);
    }

    public String firmwareVersion() {
        return firmwareVersion;
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 3, 11, 16);
    }
}
