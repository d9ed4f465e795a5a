package io.drover.agent.report;

import io.drover.agent.StepListener;
import io.drover.agent.UpdateStep;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.agent.transport.DeviceApi;
import io.drover.agent.transport.Report;
import io.drover.error.DroverException;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers reports to the server. A final report (SUCCESS or FAILURE) is saved with the state change it describes,
 * in one atomic write, before it is sent; it stays pending until the server takes it, so neither a network failure
 * nor a crash loses it. Other reports (DOWNLOADING, WAITING, RETRYING …) are best effort: a later report supersedes
 * them.
 */
public final class ReportOutbox {
    private static final Logger log = LoggerFactory.getLogger(ReportOutbox.class);

    private final DeviceApi client;
    private final StateStore store;
    private final StepListener steps;

    /** @param steps told {@link UpdateStep#REPORTED} when the server took a final report */
    public ReportOutbox(DeviceApi client, StateStore store, StepListener steps) {
        this.client = Objects.requireNonNull(client, "client");
        this.store = Objects.requireNonNull(store, "store");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** Saves {@code state} with {@code report} pending, then tries to deliver it; returns the state as saved last. */
    public AgentState sendFinal(AgentState state, Report report) throws IOException, InterruptedException {
        return tryToDeliver(savePending(state, report));
    }

    /** As {@link #sendFinal(AgentState, Report)}, announcing {@code step} once the state is saved, before sending. */
    public AgentState sendFinal(AgentState state, Report report, UpdateStep step)
            throws IOException, InterruptedException {
        AgentState pending = savePending(state, report);
        steps.reached(step);
        return tryToDeliver(pending);
    }

    private AgentState savePending(AgentState state, Report report) throws IOException {
        AgentState pending = state.withPendingReport(report);
        store.save(pending);
        return pending;
    }

    private AgentState tryToDeliver(AgentState pending) throws InterruptedException, IOException {
        Report report = pending.pendingReport();
        try {
            return delivered(pending);
        } catch (IOException | DroverException e) {
            log.warn("report for rollout {} not delivered, will resend: {}", report.rolloutId(), e.toString());
            return pending;
        }
    }

    /** Delivers the pending report, if any. Throws when the server cannot be reached or fails; it stays pending. */
    public AgentState flush(AgentState state) throws IOException, InterruptedException {
        return state.pendingReport() == null ? state : delivered(state);
    }

    /** Sends a report that is not final, once; returns whether the server took it. */
    public boolean sendProgress(Report report) throws InterruptedException {
        try {
            client.report(report);
            return true;
        } catch (IOException | DroverException e) {
            log.info("progress report {} for rollout {} not delivered: {}", report.status(), report.rolloutId(),
                    e.toString());
            return false;
        }
    }

    private AgentState delivered(AgentState state) throws IOException, InterruptedException {
        Report report = state.pendingReport();
        try {
            client.report(report);
            steps.reached(UpdateStep.REPORTED);
        } catch (DroverException e) {
            if (isWorthResending(e)) {
                throw e;
            }
            // The server understood and refused it (e.g. the rollout no longer includes this device): resending
            // the same report cannot change that, and keeping it would block every later report.
            log.warn("server refused report {} for rollout {}; dropping it: {}", report.status(),
                    report.rolloutId(), e.getMessage());
        }
        AgentState sent = state.withPendingReport(null);
        store.save(sent);
        return sent;
    }

    private static boolean isWorthResending(DroverException e) {
        return switch (e.errorCode().category()) {
            case INTERNAL, UNAUTHENTICATED, FORBIDDEN -> true;
            case MALFORMED, NOT_FOUND, CONFLICT, REJECTED, TOO_LARGE, RANGE_NOT_SATISFIABLE -> false;
        };
    }
}
