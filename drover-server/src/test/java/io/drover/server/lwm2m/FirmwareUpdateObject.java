package io.drover.server.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * A device's Firmware Update object (Object 5, OMA LwM2M 1.1), the state machine as the object defines it: writing a
 * Package URI starts a download (pull) and writing the Package delivers the package (push), each resetting the Update
 * Result; the package is Downloaded when it is whole; executing Update while Downloaded moves to Updating, and the
 * install ends in Idle with Update Result 1, or another result on failure. An empty URI or package resets the machine.
 * How packages are fetched and what installing does are the device's ({@link Download}, {@link Install}); both run off
 * the request's thread, as a device's would.
 */
public class FirmwareUpdateObject extends BaseInstanceEnabler {
    /** Fetches a package from a URI: the package, or the Update Result that says why not. */
    public interface Download {
        Outcome fetch(String uri);
    }

    /** Installs a package: Update Result 1 on success, another value on failure. */
    public interface Install {
        int install(byte[] firmware);
    }

    /** A fetched package, or the Update Result of a failed download. */
    public record Outcome(byte[] firmware, int failure) {
        public static Outcome of(byte[] firmware) {
            return new Outcome(firmware, 0);
        }

        public static Outcome failed(int updateResult) {
            return new Outcome(null, updateResult);
        }
    }

    static final int IDLE = 0;
    static final int DOWNLOADING = 1;
    static final int DOWNLOADED = 2;
    static final int UPDATING = 3;

    private final Download download;
    private final Install install;
    private final List<Long> protocols;
    private final long deliveryMethod;
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private int state = IDLE;
    private int result;
    private String packageUri = "";
    private byte[] firmware;
    private final List<Integer> states = new ArrayList<>();
    private int executions;

    /**
     * @param protocols the Protocol Support values (/5/0/8) it states; none leaves the resource out
     * @param deliveryMethod 0 pull only, 1 push only, 2 both (/5/0/9)
     */
    public FirmwareUpdateObject(Download download, Install install, List<Long> protocols, long deliveryMethod) {
        this.download = download;
        this.install = install;
        this.protocols = List.copyOf(protocols);
        this.deliveryMethod = deliveryMethod;
    }

    /** A push-only object stating no protocols: a Package URI written to it is refused, so it downloads nothing. */
    public FirmwareUpdateObject(Install install) {
        this(uri -> Outcome.failed(9), install, List.of(), 1);
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resource) {
        return switch (resource) {
            case 1 -> ReadResponse.success(resource, packageUri);
            case 3 -> ReadResponse.success(resource, (long) state);
            case 5 -> ReadResponse.success(resource, (long) result);
            case 8 -> {
                Map<Integer, Long> values = new TreeMap<>();
                for (int i = 0; i < protocols.size(); i++) {
                    values.put(i, protocols.get(i));
                }
                yield ReadResponse.success(resource, values, Type.INTEGER);
            }
            case 9 -> ReadResponse.success(resource, deliveryMethod);
            default -> super.read(server, resource);
        };
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resource, LwM2mResource value) {
        switch (resource) {
            case 0 -> {
                byte[] written = (byte[]) value.getValue();
                if (written.length == 0 || written.length == 1 && written[0] == 0) {
                    reset();
                    return WriteResponse.success();
                }
                if (state == UPDATING) {
                    return WriteResponse.badRequest("an update is running");
                }
                if (deliveryMethod == 0) {
                    return WriteResponse.methodNotAllowed();
                }
                // Block1 has brought the whole package by the time the write reaches the object.
                result = 0;
                firmware = written;
                set(DOWNLOADED);
                announce(3, 5);
                return WriteResponse.success();
            }
            case 1 -> {
                String uri = (String) value.getValue();
                if (uri.isEmpty()) {
                    reset();
                    return WriteResponse.success();
                }
                if (state == UPDATING) {
                    return WriteResponse.badRequest("an update is running");
                }
                if (deliveryMethod == 1) {
                    return WriteResponse.methodNotAllowed();
                }
                packageUri = uri;
                result = 0;
                set(DOWNLOADING);
                announce(1, 3, 5);
                work.execute(() -> pull(uri));
                return WriteResponse.success();
            }
            default -> {
                return super.write(server, replace, resource, value);
            }
        }
    }

    @Override
    public synchronized ExecuteResponse execute(LwM2mServer server, int resource, Arguments arguments) {
        if (resource != 2) {
            return super.execute(server, resource, arguments);
        }
        if (state != DOWNLOADED) {
            return ExecuteResponse.badRequest("no package is downloaded");
        }
        executions++;
        set(UPDATING);
        announce(3);
        byte[] installing = firmware;
        work.execute(() -> finish(install.install(installing)));
        return ExecuteResponse.success();
    }

    private void pull(String uri) {
        Outcome outcome = download.fetch(uri);
        synchronized (this) {
            if (state != DOWNLOADING || !uri.equals(packageUri)) {
                return; // reset or replaced meanwhile
            }
            if (outcome.firmware() == null) {
                result = outcome.failure();
                set(IDLE);
            } else {
                firmware = outcome.firmware();
                set(DOWNLOADED);
            }
            announce(3, 5);
        }
    }

    private void finish(int updateResult) {
        synchronized (this) {
            result = updateResult;
            firmware = null;
            set(IDLE);
            announce(3, 5);
        }
    }

    private void reset() {
        packageUri = "";
        firmware = null;
        result = 0;
        set(IDLE);
        announce(1, 3, 5);
    }

    /**
     * Tells observers of a change, from the object's own thread. Leshan holds its object enabler's monitor while it
     * handles a request, and a notification takes Californium's resource lock before it reads the object through that
     * monitor: a change told on a request's thread takes the two the other way round, and deadlocks with a
     * notification of a change told meanwhile on the object's thread.
     */
    private void announce(int... resources) {
        if (!work.isShutdown()) { // a closed device tells nothing
            work.execute(() -> fireResourcesChange(getResourcePaths(resources)));
        }
    }

    private void set(int next) {
        state = next;
        states.add(next);
    }

    /** Every state the object went through, in order. */
    public synchronized List<Integer> states() {
        return List.copyOf(states);
    }

    /** The Package URI last written. */
    public synchronized String packageUri() {
        return packageUri;
    }

    public synchronized int result() {
        return result;
    }

    public synchronized int executions() {
        return executions;
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return protocols.isEmpty() ? List.of(0, 1, 2, 3, 5, 9) : List.of(0, 1, 2, 3, 5, 8, 9);
    }

    /** Stops the object's own work. */
    void close() {
        work.shutdownNow();
    }
}
