package io.drover.agent.telemetry;

import io.drover.agent.safety.AttributeSource;
import io.drover.agent.transport.DeviceApi;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's copy of the device's attributes current: sends them at the first cycle of each start and
 * whenever they differ from what the server last accepted. A send that fails is tried again at the next cycle; a set
 * the server refuses as malformed is not sent again until it changes (sending it again would be refused again).
 */
public final class AttributeReporter {
    private static final Logger log = LoggerFactory.getLogger(AttributeReporter.class);

    private final AttributeSource source;
    private final DeviceApi client;
    /** What the server last accepted from this instance; null until it accepted one. */
    private Map<String, String> accepted;
    /** What the server last refused as malformed; null when it refused nothing since. */
    private Map<String, String> refused;

    public AttributeReporter(AttributeSource source, DeviceApi client) {
        this.source = Objects.requireNonNull(source, "source");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Sends the attributes if they changed; never fails for a reason a later cycle may mend. */
    public void sync() throws InterruptedException {
        Map<String, String> current;
        try {
            current = Map.copyOf(source.all());
        } catch (IOException | RuntimeException e) {
            log.warn("device attributes unreadable, not reported this cycle: {}", e.toString());
            return;
        }
        if (current.equals(accepted) || current.equals(refused)) {
            return;
        }
        try {
            client.putAttributes(current);
            accepted = current;
            refused = null;
            log.info("device attributes reported: {}", current);
        } catch (IOException e) {
            log.warn("device attributes not reported, trying again next cycle: {}", e.toString());
        } catch (DroverException e) {
            if (e.errorCode().category() == ErrorCode.Category.MALFORMED) {
                refused = current;
                log.warn("the server refused the device attributes {}; they are sent again once they change: {}",
                        current, e.getMessage());
            } else {
                log.warn("device attributes not reported, trying again next cycle: {}", e.getMessage());
            }
        }
    }
}
