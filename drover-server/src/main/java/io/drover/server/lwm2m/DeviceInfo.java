package io.drover.server.lwm2m;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;

/**
 * What a device's Device object (/3/0) says of it, each when present and text: Manufacturer (/3/0/0), Model Number
 * (/3/0/1), Firmware Version (/3/0/3).
 */
record DeviceInfo(Optional<String> manufacturer, Optional<String> model, Optional<String> firmwareVersion) {
    static final int OBJECT = 3;
    private static final int MANUFACTURER = 0;
    private static final int MODEL = 1;
    private static final int FIRMWARE_VERSION = 3;

    static DeviceInfo of(LwM2mObjectInstance instance) {
        return new DeviceInfo(text(instance, MANUFACTURER), text(instance, MODEL), text(instance, FIRMWARE_VERSION));
    }

    /** The attributes rollouts can target it by: {@code manufacturer}, {@code model}, {@code firmware_version}. */
    Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        manufacturer.ifPresent(v -> attributes.put("manufacturer", v));
        model.ifPresent(v -> attributes.put("model", v));
        firmwareVersion.ifPresent(v -> attributes.put("firmware_version", v));
        return attributes;
    }

    private static Optional<String> text(LwM2mObjectInstance instance, int id) {
        LwM2mResource resource = instance.getResource(id);
        return resource == null || resource.isMultiInstances() ? Optional.empty()
                : Optional.of(resource.getValue()).filter(String.class::isInstance).map(String.class::cast)
                        .filter(v -> !v.isBlank());
    }
}
