package io.drover.agent;

import io.drover.agent.coap.CoapDeviceClient;
import io.drover.agent.download.ArtifactDownloader;
import io.drover.agent.download.Staging;
import io.drover.agent.download.DownloadThrottle;
import io.drover.agent.download.ImageDownloader;
import io.drover.agent.download.ResumingFetch;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.gateway.Gateway;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.identity.IdentityKeyFile;
import io.drover.agent.install.TrialInstaller;
import io.drover.agent.ledger.LedgerWatch;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.internal.Backoff;
import io.drover.agent.report.FinalReports;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.safety.RolloutConditions;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.slot.FileSlotStore;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.agent.telemetry.AttributeReporter;
import io.drover.agent.telemetry.SoakWatch;
import io.drover.agent.transport.DeviceApi;
import io.drover.agent.transport.DeviceClient;
import io.drover.agent.verify.ReleaseVerifier;
import io.drover.error.DroverException;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.RecipientPrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Drover device agent: keeps a device on the release its server assigns, installing only what a trusted key
 * signed for this device class, into the inactive slot, and keeping it only if it passes the health check.
 *
 * <pre>{@code
 * try (Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
 *     agent.runUntil(Duration.ofMinutes(5), () -> false);
 * }
 * }</pre>
 *
 * Cycles never overlap; {@link #status()} may be called from any thread at any time.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final int MAX_HEALTH_CHECK_STARTS = 3;

    private final UpdateCycle cycle;
    private final VerificationKey identityKey;
    private final PollWait pollWait;
    private final DeviceApi client;
    private final HttpClient ownedHttpClient;
    private final Gateway gateway;
    private final Consumer<AgentStatus> statusListener;
    private final ReentrantLock cycleLock = new ReentrantLock();
    private volatile AgentStatus status;

    private Agent(UpdateCycle cycle, VerificationKey identityKey, PollWait pollWait, DeviceApi client,
            HttpClient ownedHttpClient, Gateway gateway, Consumer<AgentStatus> statusListener) {
        this.cycle = cycle;
        this.identityKey = identityKey;
        this.pollWait = pollWait;
        this.client = client;
        this.ownedHttpClient = ownedHttpClient;
        this.gateway = gateway;
        this.statusListener = statusListener;
        this.status = statusOf(cycle, Optional.empty());
    }

    /**
     * @param healthCheck judges a newly installed slot before it is committed
     * @param clock stamps trials
     */
    public static Builder builder(AgentConfig config, HealthCheck healthCheck, Clock clock) {
        return new Builder(config, healthCheck, clock);
    }

    /**
     * One full cycle. A network failure before anything was changed surfaces as an {@link IOException} (or a
     * {@link DroverException} for an error the server answered); once an update started, its end is an outcome.
     */
    public CycleOutcome runOnce() throws IOException, InterruptedException {
        cycleLock.lockInterruptibly();
        try {
            CycleOutcome outcome = null;
            try {
                outcome = cycle.run();
                return outcome;
            } finally {
                status = statusOf(cycle, outcome == null ? status.lastOutcome() : Optional.of(outcome));
                publish(status);
            }
        } finally {
            cycleLock.unlock();
        }
    }

    public AgentStatus status() {
        return status;
    }

    /** The agent's gateway, when it runs in gateway mode. */
    public Optional<Gateway> gateway() {
        return Optional.ofNullable(gateway);
    }

    /** The public half of the device's identity key, which signs its final reports. */
    public VerificationKey identityKey() {
        return identityKey;
    }

    /**
     * Runs cycles every {@code pollInterval} (with ±10% jitter, so a fleet does not poll in lockstep) until
     * {@code stop} says so or the thread is interrupted. A failed cycle is logged and followed by exponentially
     * longer waits, up to 32 poll intervals, until one succeeds. A transport that the server notifies of a changed
     * check-in answer (CoAP Observe) ends a wait early, so such a device learns of an update without polling.
     */
    public void runUntil(Duration pollInterval, BooleanSupplier stop) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        Backoff backoff = new Backoff(pollInterval, pollInterval.multipliedBy(32));
        int failures = 0;
        while (!stop.getAsBoolean()) {
            try {
                CycleOutcome outcome = runOnce();
                log.debug("cycle ended: {}", outcome);
                failures = 0;
            } catch (IOException | DroverException e) {
                failures++;
                log.warn("cycle failed ({} in a row), backing off: {}", failures, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Duration wait = failures == 0 ? pollInterval : backoff.delay(failures);
            if (!pollWait.pause(wait, stop, client::checkInChanged)) {
                return;
            }
        }
    }

    /**
     * Records that the agent was stopped, rather than lost with the device's power, stops its gateway, and closes its
     * transport and the HTTP client if the agent built it (one passed in belongs to the caller). A device that loses
     * power never gets here, and during a soak its next start counts as unexpected.
     */
    @Override
    public void close() {
        cycle.stopped();
        halt();
    }

    /**
     * Lets go of the agent's sockets as a power loss would, recording nothing: an emulator cuts a device's power
     * this way, so that the agent it starts next on the same data directory counts an unexpected restart.
     */
    public void halt() {
        if (gateway != null) {
            gateway.close();
        }
        client.close();
        if (ownedHttpClient != null) {
            ownedHttpClient.close();
        }
    }

    private void publish(AgentStatus current) {
        try {
            statusListener.accept(current);
        } catch (RuntimeException e) {
            // A listener shows the status; it must not stop the device from updating.
            log.warn("status listener failed: {}", e.toString());
        }
    }

    private static AgentStatus statusOf(UpdateCycle cycle, Optional<CycleOutcome> lastOutcome) {
        AgentState state = cycle.state();
        return new AgentStatus(state.activeSlot(), state.installedSequence(), state.inventory(), lastOutcome,
                cycle.ledgerAlarm());
    }

    /** Collaborators with defaults that suit a real device; tests and the simulator replace them. */
    public static final class Builder {
        private final AgentConfig config;
        private final HealthCheck healthCheck;
        private final Clock clock;
        private HttpClient httpClient;
        private GatewaySettings gatewaySettings;
        private SlotStore slotStore;
        private Sleeper sleeper = Thread::sleep;
        private RandomGenerator random = new SplittableRandom();
        private RetryPolicy downloadRetry = RetryPolicy.defaults();
        private long maxDownloadRate;
        private Duration healthCheckTimeout = Duration.ofMinutes(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxTrialBoots = 3;
        private SignatureAlgorithm identityAlgorithm = SignatureAlgorithm.ED25519;
        private SafetyPolicy safetyPolicy = SafetyPolicy.none();
        private AttributeSource attributeSource;
        private Duration soakPeriod = Duration.ofHours(1);
        private Duration soakReportInterval = Duration.ofMinutes(5);
        private Duration ledgerCheckInterval = LedgerWatch.DEFAULT_INTERVAL;
        private Consumer<AgentStatus> statusListener = status -> { };
        private StepListener stepListener = step -> { };
        private final List<PayloadDecryptor> decryptors = new ArrayList<>();

        private Builder(AgentConfig config, HealthCheck healthCheck, Clock clock) {
            this.config = Objects.requireNonNull(config, "config");
            this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * Shared by many agents in a simulator; by default each agent builds (and closes) its own. An agent speaking
         * CoAP has no use for it.
         */
        public Builder httpClient(HttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * Gateway mode: the agent also serves the envelopes and artifacts it fetches from its server to the
         * constrained devices of its subnet ({@link Gateway}), until it is closed. Default: off.
         */
        public Builder gateway(GatewaySettings value) {
            this.gatewaySettings = Objects.requireNonNull(value, "gateway");
            return this;
        }

        /** Default: {@link FileSlotStore} in the data directory. */
        public Builder slotStore(SlotStore value) {
            this.slotStore = Objects.requireNonNull(value, "slotStore");
            return this;
        }

        /** Default: {@code Thread::sleep}. */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** Source of the poll jitter. */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        public Builder downloadRetry(RetryPolicy value) {
            this.downloadRetry = Objects.requireNonNull(value, "downloadRetry");
            return this;
        }

        /**
         * Caps the average rate of downloads at {@code bytesPerSecond} (bursts of at most
         * {@link DownloadThrottle#BURST_BYTES}), waiting with the sleeper. Default: unlimited.
         */
        public Builder maxDownloadRate(long bytesPerSecond) {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("maxDownloadRate must be at least 1 byte per second");
            }
            this.maxDownloadRate = bytesPerSecond;
            return this;
        }

        /**
         * A group key encrypted images may be wrapped for. By default the agent holds no key, and an encrypted
         * release fails with {@code agent.no-decryption-key}. Keys are tried in the order they were added.
         */
        public Builder decryptionKey(GroupKey key) {
            decryptors.add(PayloadDecryptor.create(Objects.requireNonNull(key, "key")));
            return this;
        }

        /** This device's own key (X25519 or P-256) that encrypted images may be wrapped for. */
        public Builder decryptionKey(RecipientPrivateKey key) {
            decryptors.add(PayloadDecryptor.create(Objects.requireNonNull(key, "key")));
            return this;
        }

        /** How long a health check may run before the trial is rolled back. Default 5 minutes. */
        public Builder healthCheckTimeout(Duration value) {
            this.healthCheckTimeout = positive(value, "healthCheckTimeout");
            return this;
        }

        /**
         * What must hold before a verified release is downloaded and installed. Default: nothing, an update goes
         * ahead as soon as it arrives. While the policy waits, cycles end as {@link CycleOutcome.Waiting}.
         */
        public Builder safetyPolicy(SafetyPolicy value) {
            this.safetyPolicy = Objects.requireNonNull(value, "safetyPolicy");
            return this;
        }

        /**
         * The device's attributes: reported to the server at the first cycle and whenever they change (so that
         * rollouts can target the device by them), and what a rollout's attribute conditions are judged against.
         * Default: none; nothing is reported, and a rollout that requires an attribute waits.
         */
        public Builder attributeSource(AttributeSource value) {
            this.attributeSource = Objects.requireNonNull(value, "attributeSource");
            return this;
        }

        /**
         * For {@code period} after each install, the agent runs its health check again at most every
         * {@code reportInterval} (at its poll interval when that is longer) and reports the device's health to the
         * server, with restarts that followed no stop as trouble, for rollouts' health gates. Default: 1 hour, every
         * 5 minutes; a zero period reports nothing.
         */
        public Builder soak(Duration period, Duration reportInterval) {
            Objects.requireNonNull(period, "period");
            if (period.isNegative()) {
                throw new IllegalArgumentException("the soak period must not be negative");
            }
            this.soakPeriod = period;
            this.soakReportInterval = positive(reportInterval, "reportInterval");
            return this;
        }

        /**
         * With a ledger key in the config: how often the agent checks the server's ledger head when it has nothing to
         * install (it checks at its first cycle and before each install anyway). Default 1 hour.
         */
        public Builder ledgerCheckInterval(Duration value) {
            this.ledgerCheckInterval = positive(value, "ledgerCheckInterval");
            return this;
        }

        /**
         * How many times an agent may start while a trial is pending; at the next start the trial is rolled back
         * with {@code agent.too-many-boots}. Build an agent once per boot (its start is the boot that counts).
         * Default 3.
         */
        public Builder maxTrialBoots(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTrialBoots must be at least 1");
            }
            this.maxTrialBoots = value;
            return this;
        }

        /**
         * Told the status after every cycle, successful or not, on the thread that ran it (a daemon writes its
         * status file from here). A listener that throws is logged and otherwise ignored.
         */
        public Builder statusListener(Consumer<AgentStatus> value) {
            this.statusListener = Objects.requireNonNull(value, "statusListener");
            return this;
        }

        /**
         * The algorithm of the identity key the agent makes on its first start (in {@code dataDir/identity.key}).
         * Default Ed25519; a key that exists already is used whatever its algorithm.
         */
        public Builder identityAlgorithm(SignatureAlgorithm value) {
            this.identityAlgorithm = Objects.requireNonNull(value, "identityAlgorithm");
            return this;
        }

        /**
         * Told each {@link UpdateStep} an update reaches, on the thread that runs the cycle (a daemon shows it in its
         * status file; a rehearsal pauses there, or an emulated device loses power there). Default: none.
         */
        public Builder stepListener(StepListener value) {
            this.stepListener = Objects.requireNonNull(value, "stepListener");
            return this;
        }

        /** How long to wait for the server's response headers. Default 30 seconds. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /**
         * Reads the saved state (or starts from the factory state, measuring its images), counting a boot of a pending
         * trial, and the identity key (or makes one); fails if the saved state or the key file is unusable.
         */
        public Agent build() {
            AgentState initial;
            SigningKey identity;
            SoakWatch soak;
            Optional<LedgerWatch> ledger;
            StateStore store = new StateStore(config.dataDir());
            SlotStore slots = slotStore == null ? new FileSlotStore(config.dataDir()) : slotStore;
            TrialInstaller installer = new TrialInstaller(slots, healthCheck, healthCheckTimeout,
                    MAX_HEALTH_CHECK_STARTS, maxTrialBoots, clock);
            try {
                // What writes cut short by a crash left in the data folder (state, key, soak and status files).
                AtomicFiles.deleteLeftoversIn(config.dataDir());
                identity = IdentityKeyFile.loadOrCreate(config.dataDir(), identityAlgorithm);
                initial = StartingState.load(store, slots, config.factoryInventory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            HttpClient ownedHttpClient = httpClient == null && !config.speaksCoap() ? defaultHttpClient() : null;
            DeviceApi client;
            Gateway gateway = null;
            try {
                client = transport(identity, ownedHttpClient);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                soak = SoakWatch.start(config.dataDir(), soakPeriod, soakReportInterval, clock, client, installer);
                ledger = config.ledgerKey().isEmpty() ? Optional.empty() : Optional.of(LedgerWatch.load(
                        config.dataDir(), config.ledgerKey().get(), client, ledgerCheckInterval, clock));
                if (gatewaySettings != null) {
                    // The gateway's fetches are not throttled: they serve a subnet, not this device's own update.
                    gateway = Gateway.start(gatewaySettings, new ResumingFetch(client, downloadRetry, sleeper,
                            DownloadThrottle.unlimited(), step -> { }));
                }
            } catch (IOException e) {
                client.close();
                if (ownedHttpClient != null) {
                    ownedHttpClient.close();
                }
                throw new UncheckedIOException(e);
            }
            StepListener steps = guarded(stepListener);
            UpdateCycle cycle = new UpdateCycle(
                    client,
                    store,
                    new ReleaseVerifier(EnvelopeVerifier.create(config.trustedKeys()), config.vendorId(),
                            config.classId()),
                    new ImageDownloader(
                            new ArtifactDownloader(client, slots, downloadRetry, sleeper, throttle(), steps), slots,
                            new Staging(config.dataDir().resolve("staging")), decryptors, steps),
                    installer,
                    safetyPolicy,
                    new RolloutConditions(attributeSource == null ? AttributeSource.of(Map.of()) : attributeSource,
                            clock),
                    Optional.ofNullable(attributeSource).map(source -> new AttributeReporter(source, client)),
                    soak,
                    ledger,
                    new FinalReports(identity, clock),
                    steps,
                    initial);
            return new Agent(cycle, identity.verificationKey(), new PollWait(sleeper, random), client,
                    ownedHttpClient, gateway, statusListener);
        }

        /** CoAP for a {@code coap(s)://} server, else HTTP over the given client or the agent's own. */
        private DeviceApi transport(SigningKey identity, HttpClient owned) throws IOException {
            if (config.speaksCoap()) {
                return CoapDeviceClient.start(config.serverUrl(), config.coap().get(), identity, requestTimeout);
            }
            return new DeviceClient(httpClient == null ? owned : httpClient, config.serverUrl(), config.deviceToken(),
                    requestTimeout);
        }

        /** A listener shows or rehearses the update; its failure must not stop the device from updating. */
        private static StepListener guarded(StepListener listener) {
            return step -> {
                try {
                    listener.reached(step);
                } catch (RuntimeException e) {
                    log.warn("step listener failed at {}: {}", step, e.toString());
                }
            };
        }

        private DownloadThrottle throttle() {
            return maxDownloadRate == 0 ? DownloadThrottle.unlimited()
                    : DownloadThrottle.of(maxDownloadRate, System::nanoTime, sleeper);
        }

        private static HttpClient defaultHttpClient() {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
