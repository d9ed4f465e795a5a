package io.drover.agent.ledger;

import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.internal.Json;
import io.drover.agent.safety.Verdict;
import io.drover.agent.transport.DeviceApi;
import io.drover.agent.transport.LedgerHead;
import io.drover.error.DroverException;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest ledger head this device saw ({@code dataDir/ledger-head.json}) and checks every newer one the
 * server shows against it: signed by the trusted ledger key, not smaller, the same root at the same size, and a
 * consistency proof that it extends the kept one. A server that shows two devices two histories cannot show either
 * of them the other's without failing this check, so a fork is caught as soon as the histories meet a device.
 *
 * <p>A head that fails raises a {@link LedgerAlarm} ({@code dataDir/ledger-alarm.json}): the device keeps its old
 * head, stops checking, and installs nothing until an operator, having looked, deletes the alarm file (and the head
 * file, to trust the server's current history) and restarts the agent. A head that cannot be fetched or read is no
 * alarm, but no install goes ahead without a successful check in the same cycle.
 *
 * <p>Checks are rare, as check-ins are the server's busiest path: at the first cycle, then at most every
 * {@code interval}, and before each install. Not thread-safe; the agent's cycles are serial.
 */
public final class LedgerWatch {
    private static final Logger log = LoggerFactory.getLogger(LedgerWatch.class);
    /** How often an idle device checks the ledger by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    static final String HEAD_FILE = "ledger-head.json";
    static final String ALARM_FILE = "ledger-alarm.json";
    static final String UNCHECKED = "the ledger's head could not be checked; no install until it can be";

    private final VerificationKey ledgerKey;
    private final DeviceApi client;
    private final Path headFile;
    private final Path alarmFile;
    private final Duration interval;
    private final Clock clock;
    private SignedTreeHead kept;
    private LedgerAlarm alarm;
    private Instant nextCheckAt = Instant.MIN;
    private boolean checkedThisCycle;

    private LedgerWatch(VerificationKey ledgerKey, DeviceApi client, Path dataDir, Duration interval, Clock clock,
            SignedTreeHead kept, LedgerAlarm alarm) {
        this.ledgerKey = ledgerKey;
        this.client = client;
        this.headFile = dataDir.resolve(HEAD_FILE);
        this.alarmFile = dataDir.resolve(ALARM_FILE);
        this.interval = interval;
        this.clock = clock;
        this.kept = kept;
        this.alarm = alarm;
    }

    /**
     * The watch with the head and the alarm kept in {@code dataDir}; fails if either file exists but cannot be read: a
     * device must not forget what it saw.
     */
    public static LedgerWatch load(Path dataDir, VerificationKey ledgerKey, DeviceApi client, Duration interval,
            Clock clock) throws IOException {
        Objects.requireNonNull(ledgerKey, "ledgerKey");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        if (!Objects.requireNonNull(interval, "interval").isPositive()) {
            throw new IllegalArgumentException("the ledger check interval must be positive");
        }
        Path headFile = dataDir.resolve(HEAD_FILE);
        SignedTreeHead kept;
        try {
            kept = read(headFile, PublishedTreeHead.class).map(PublishedTreeHead::toSigned).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IOException(headFile + " holds no usable tree head: " + e.getMessage(), e);
        }
        LedgerAlarm alarm = read(dataDir.resolve(ALARM_FILE), LedgerAlarm.class).orElse(null);
        if (alarm != null) {
            log.error("ledger fork alarm raised {} stands: {}; no update is installed until it is cleared",
                    alarm.raisedAt(), alarm.reason());
        }
        return new LedgerWatch(ledgerKey, client, dataDir, interval, clock, kept, alarm);
    }

    /** At the start of every cycle: checks the server's head at the first cycle and then once every interval. */
    public void atCycleStart() throws InterruptedException {
        checkedThisCycle = false;
        Instant now = clock.instant();
        if (alarm != null || now.isBefore(nextCheckAt)) {
            return;
        }
        // Due again an interval after this attempt, whatever its end: a server that cannot answer is not asked more
        // often. An install does not wait for that: it asks itself.
        nextCheckAt = now.plus(interval);
        checkedThisCycle = check();
    }

    /** Right before an install: it may go ahead only with no alarm and a successful check in this cycle. */
    public Verdict beforeInstall() throws InterruptedException {
        if (alarm == null && !checkedThisCycle) {
            checkedThisCycle = check();
        }
        if (alarm != null) {
            return new Verdict.Waiting("ledger fork alarm: " + alarm.reason());
        }
        return checkedThisCycle ? new Verdict.Holds() : new Verdict.Waiting(UNCHECKED);
    }

    /** The alarm that stands, if any. */
    public Optional<LedgerAlarm> alarm() {
        return Optional.ofNullable(alarm);
    }

    /** Fetches the server's head and checks it; true when it extends the kept one (which it then replaces). */
    private boolean check() throws InterruptedException {
        SignedTreeHead offered;
        Optional<PublishedProof> proof;
        List<byte[]> hashes;
        try {
            LedgerHead answer = client.ledgerHead(kept == null ? 0 : kept.head().size());
            offered = answer.head().toSigned();
            proof = answer.consistency();
            hashes = proof.map(PublishedProof::decodedHashes).orElse(List.of());
        } catch (IOException | DroverException | IllegalArgumentException e) {
            log.warn("the ledger's head could not be checked, trying again later: {}", e.toString());
            return false;
        }
        Optional<String> fork = forkShownBy(offered, proof, hashes);
        if (fork.isPresent()) {
            raise(fork.get(), offered);
            return false;
        }
        if (kept == null || offered.head().size() > kept.head().size()) {
            keep(offered);
        }
        return true;
    }

    /** What makes {@code offered} no extension of the kept head, if anything. */
    private Optional<String> forkShownBy(SignedTreeHead offered, Optional<PublishedProof> proof, List<byte[]> hashes) {
        long to = offered.head().size();
        if (!offered.verifiedBy(ledgerKey)) {
            return Optional.of("the head of " + to + " entries is not signed by the trusted ledger key "
                    + ledgerKey.keyId());
        }
        if (kept == null) {
            return Optional.empty();
        }
        long from = kept.head().size();
        if (to < from) {
            return Optional.of("the ledger shrank from " + from + " entries to " + to);
        }
        if (to == from) {
            return Arrays.equals(kept.head().rootHash(), offered.head().rootHash()) ? Optional.empty()
                    : Optional.of("two heads of " + to + " entries have different roots");
        }
        boolean proofFits = proof.isPresent() && PublishedProof.CONSISTENCY.equals(proof.get().kind())
                && proof.get().first() == from && proof.get().second() == to;
        if (from > 0 && !proofFits) {
            return Optional.of("the server gave no proof that the ledger of " + from + " entries grew into " + to);
        }
        if (!MerkleProofs.verifyConsistency(from, to, from > 0 ? hashes : List.of(), kept.head().rootHash(),
                offered.head().rootHash())) {
            return Optional.of("the ledger of " + to + " entries does not extend the " + from + " this device saw");
        }
        return Optional.empty();
    }

    private void keep(SignedTreeHead head) {
        kept = head;
        try {
            AtomicFiles.write(headFile, Json.writer().writeValueAsBytes(PublishedTreeHead.of(head)));
        } catch (IOException e) {
            // Kept in memory: after a restart the device checks against the head it kept before, which still holds.
            log.warn("could not save the ledger head of {} entries: {}", head.head().size(), e.toString());
        }
    }

    private void raise(String reason, SignedTreeHead offered) {
        alarm = new LedgerAlarm(reason, kept == null ? null : PublishedTreeHead.of(kept),
                PublishedTreeHead.of(offered), clock.instant());
        log.error("LEDGER FORK ALARM: {}. Kept head: {}; offered head: {}. No update is installed until an operator "
                + "clears {}", reason, kept == null ? "none" : kept.head(), offered.head(), alarmFile);
        try {
            AtomicFiles.write(alarmFile, Json.writer().writeValueAsBytes(alarm));
        } catch (IOException e) {
            log.error("could not save the ledger fork alarm; it stands until the agent restarts: {}", e.toString());
        }
    }

    private static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        try {
            return Optional.of(Json.reader(type).readValue(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
