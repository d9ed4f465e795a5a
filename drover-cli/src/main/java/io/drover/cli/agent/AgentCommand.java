package io.drover.cli.agent;

import io.drover.agent.Agent;
import io.drover.agent.StepListener;
import io.drover.agent.UpdateStep;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HealthResult;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.PropertiesAttributeSource;
import io.drover.agent.safety.SafetyPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover agent --config FILE}: the device agent as a daemon. It polls until SIGTERM (or Ctrl-C, or an
 * interrupt of the thread that runs it), logs each step of an update and writes {@code dataDir/status.json} after
 * every step and cycle. SIGTERM interrupts the cycle in progress: the agent saves every step before it starts the
 * next, so a cycle cut short resumes where it stopped at the next start, as after a power cut. For rehearsals and
 * tests, {@code --pause-at STEP} holds the agent at the first time an update reaches that step, so that something
 * outside can cut its power (SIGKILL) exactly there.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the Drover device agent until stopped: check in, wait for the safety conditions, install, report.")
public final class AgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);
    /** How long SIGTERM waits for the loop to finish its cycle before the JVM goes down anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    /**
     * Added to a configured health check's timeout for the agent's deadline on the whole check, which re-reads the
     * images first (the agent's default deadline when no check is configured).
     */
    private static final Duration IMAGE_CHECK_ALLOWANCE = Duration.ofMinutes(5);

    @Option(names = "--config", required = true, description = "The agent's JSON config file (see docs/OPERATIONS.md).")
    Path configFile;

    @Option(names = "--pause-at", paramLabel = "STEP", description = "For rehearsals and tests only: hold the agent "
            + "the first time an update reaches STEP (${COMPLETION-CANDIDATES}), with \"pausedAt\" in status.json, "
            + "until the process is killed or stopped.")
    UpdateStep pauseAt;

    /** Whether {@link #pauseAt} has held the agent once already. Touched only by the agent's loop thread. */
    private boolean pausedOnce;

    @Override
    public Integer call() {
        DaemonConfig config = DaemonConfig.load(configFile);
        Clock clock = Clock.systemUTC();
        OutcomeLog outcomeLog = new OutcomeLog();
        StatusFile statusFile = new StatusFile(config.agent().dataDir().resolve("status.json"), clock);
        SafetyPolicy safety = config.safety().policy(clock);
        Agent.Builder builder = Agent.builder(config.agent(), healthCheck(config), clock)
                .identityAlgorithm(config.identityAlgorithm())
                .safetyPolicy(safety)
                .soak(config.soak().period(), config.soak().healthInterval())
                .ledgerCheckInterval(config.ledgerCheckInterval())
                .statusListener(status -> {
                    statusFile.write(status);
                    outcomeLog.changed(status);
                })
                .stepListener(steps(statusFile));
        config.maxDownloadRate().ifPresent(builder::maxDownloadRate);
        config.gateway().ifPresent(builder::gateway);
        config.safety().attributesFile().map(PropertiesAttributeSource::new).ifPresent(builder::attributeSource);
        config.healthCheck().ifPresent(
                rules -> builder.healthCheckTimeout(rules.timeout().plus(IMAGE_CHECK_ALLOWANCE)));
        config.groupKeys().forEach(builder::decryptionKey);
        config.deviceKeys().forEach(builder::decryptionKey);

        Thread loop = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSigterm = new Thread(() -> {
            log.info("stopping: SIGTERM");
            loop.interrupt();
            awaitQuietly(finished);
        }, "drover-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(onSigterm);
        try (Agent agent = builder.build()) {
            statusFile.write(agent.status());
            log.info("agent started: {}, identity key {} ({}), polling every {}, {} safety condition(s){}",
                    config.agent(), agent.identityKey().fingerprint(), agent.identityKey().algorithm(),
                    config.pollInterval(), safety.conditions().size(), safety.force() ? ", forced" : "");
            agent.runUntil(config.pollInterval(), Thread.currentThread()::isInterrupted);
            log.info("agent stopped on slot {}, sequence {}", agent.status().activeSlot(),
                    agent.status().installedSequence());
        } finally {
            finished.countDown();
            removeHook(onSigterm);
        }
        return 0;
    }

    private StepListener steps(StatusFile statusFile) {
        return step -> {
            boolean pause = step == pauseAt && !pausedOnce;
            log.info(pause ? "update step {}: pausing here (--pause-at)" : "update step {}", step);
            statusFile.write(step, pause);
            if (pause) {
                pausedOnce = true;
                new CountDownLatch(1).await(); // Until SIGTERM interrupts it, or SIGKILL ends the process.
            }
        };
    }

    /** The images are always re-read; a configured check then judges the application. */
    private static HealthCheck healthCheck(DaemonConfig config) {
        HealthCheck images = new ImageDigestHealthCheck();
        return config.healthCheck().<HealthCheck>map(rules -> trial -> switch (images.check(trial)) {
            case HealthResult.Unhealthy unhealthy -> unhealthy;
            case HealthResult.Healthy healthy -> rules.check().check(trial);
        }).orElse(images);
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down, and this hook is what is running.
        }
    }
}
