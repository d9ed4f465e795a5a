package io.drover.server.release;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.artifact.Artifact;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.blob.Sha256;
import io.drover.server.blob.Sha256Prefix;
import io.drover.server.compat.CompatErrors;
import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.fleet.DeviceClass;
import io.drover.server.fleet.FleetService;
import io.drover.server.fleet.SignerKey;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ComponentId;
import io.drover.suit.ComponentManifest;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SuitManifest;
import io.drover.suit.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts signed releases. An envelope is stored only when every check passes: it decodes, it is signed by a key
 * registered for the class, every component belongs to the class, every artifact it names is stored with the right
 * size (for an encrypted component, the ciphertext artifact its uri names), its sequence number is above the
 * class's last one (anti-rollback), and the class's compatibility policy allows what it installs on some device.
 */
public final class ReleaseService {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseService.class);
    private final Jdbi jdbi;
    private final Ledger ledger;
    private final FleetService fleet;
    private final ArtifactService artifacts;
    private final CompatibilityPolicies policies;
    private final Clock clock;
    /** Releases never change once stored, so check-ins and reports read them from here. */
    private final Map<Long, Release> cache = new ConcurrentHashMap<>();

    public ReleaseService(Jdbi jdbi, FleetService fleet, ArtifactService artifacts, CompatibilityPolicies policies,
            Ledger ledger, Clock clock) {
        this.jdbi = jdbi;
        this.ledger = ledger;
        this.fleet = fleet;
        this.artifacts = artifacts;
        this.policies = policies;
        this.clock = clock;
    }

    public Release upload(String className, byte[] envelope, Actor by) {
        Release uploaded = jdbi.inTransaction(h -> {
            DeviceClass deviceClass = fleet.deviceClass(h, className);
            // Serialises uploads per class so two releases cannot both pass the sequence check.
            fleet.lock(h, deviceClass);
            Verification.Verified verified = verify(h, deviceClass, envelope);
            SuitManifest manifest = verified.envelope().manifest();
            List<ReleaseComponent> components = new ArrayList<>();
            for (ComponentManifest component : manifest.components()) {
                components.add(check(h, deviceClass, component));
            }
            long last = h.createQuery("SELECT COALESCE(MAX(sequence_number), 0) FROM release WHERE device_class_id = :id")
                    .bind("id", deviceClass.id()).mapTo(Long.class).one();
            if (manifest.sequenceNumber() <= last) {
                throw new DroverException(ReleaseErrors.SEQUENCE_NOT_INCREASING, "the manifest's sequence number "
                        + manifest.sequenceNumber() + " is not above the last release of '" + className + "' (" + last + ")");
            }
            Map<String, String> versions = new TreeMap<>();
            components.forEach(c -> versions.put(c.component(), c.version()));
            policies.find(h, deviceClass.id()).policy().refusalForEveryInventory(versions).ifPresent(reason -> {
                throw new DroverException(CompatErrors.RELEASE_NEVER_ALLOWED, "a release installing " + versions
                        + " could run on no device of '" + className + "' under its compatibility policy: " + reason);
            });
            Sha256 envelopeSha256 = Sha256.digestOf(envelope);
            requireFreePrefix(h, envelopeSha256);
            long id = h.createUpdate("INSERT INTO release (device_class_id, sequence_number, signer_key_id, envelope, "
                            + "envelope_sha256, created_at) VALUES (:cls, :seq, :kid, :env, :sha, :now)")
                    .bind("cls", deviceClass.id()).bind("seq", manifest.sequenceNumber())
                    .bind("kid", verified.signer().keyId()).bind("env", envelope)
                    .bind("sha", envelopeSha256.hex()).bind("now", timestamp(clock.instant()))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            var batch = h.prepareBatch("INSERT INTO release_component (release_id, component, version, sha256, size_bytes) "
                    + "VALUES (:id, :c, :v, :sha, :size)");
            components.forEach(c -> batch.bind("id", id).bind("c", c.component()).bind("v", c.version())
                    .bind("sha", c.sha256()).bind("size", c.size()).add());
            batch.execute();
            ledger.record(h, uploadRecord(id, deviceClass, manifest.sequenceNumber(), envelope, verified, components,
                    by));
            return find(h, id).orElseThrow();
        });
        LOG.info("{} uploaded release {} of class {}, sequence {}, {}", by, uploaded.id(), className,
                uploaded.sequenceNumber(), uploaded.versions());
        return uploaded;
    }

    /**
     * Refuses an envelope whose SHA-256 has the same first {@link Sha256Prefix#MIN_DIGITS} hex digits as another
     * stored envelope's, as artifacts' are refused: that prefix names it for good on constrained links. The same
     * envelope again (for another class) is no conflict.
     */
    private static void requireFreePrefix(Handle h, Sha256 sha256) {
        Sha256Prefix prefix = Sha256Prefix.shortNameOf(sha256);
        h.createQuery("SELECT envelope_sha256 FROM release WHERE envelope_sha256 >= :from AND envelope_sha256 < :to "
                        + "AND envelope_sha256 <> :sha FETCH FIRST 1 ROWS ONLY")
                .bind("from", prefix.lowest()).bind("to", prefix.pastHighest()).bind("sha", sha256.hex())
                .mapTo(String.class).findOne().ifPresent(other -> {
                    throw new DroverException(ReleaseErrors.ENVELOPE_PREFIX_TAKEN, "the envelope " + other
                            + " already has a SHA-256 starting with " + prefix
                            + ", which names it on constrained links; change the envelope (its sequence number)");
                });
    }

    /** What the ledger keeps of an upload: what the release installs and who signed and uploaded it. */
    private static LedgerRecord uploadRecord(long id, DeviceClass deviceClass, long sequence, byte[] envelope,
            Verification.Verified verified, List<ReleaseComponent> components, Actor by) {
        Map<String, Object> installs = new TreeMap<>();
        for (ReleaseComponent c : components) {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("version", c.version());
            component.put("sha256", c.sha256());
            installs.put(c.component(), component);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("className", deviceClass.name());
        details.put("sequence", sequence);
        details.put("envelopeSha256", Sha256.digestOf(envelope).hex());
        details.put("signerKeyIds", List.of(verified.signer().keyId()));
        details.put("components", installs);
        return new LedgerRecord(EntryKind.RELEASE_UPLOADED, by.name(), null, id, null, details);
    }

    private Verification.Verified verify(Handle h, DeviceClass deviceClass, byte[] envelope) {
        List<SignerKey> signers = fleet.signers(h, deviceClass);
        if (signers.isEmpty()) {
            throw new DroverException(ReleaseErrors.NO_SIGNER, "no signing key is registered for '" + deviceClass.name()
                    + "': register the vendor's public key first");
        }
        return switch (EnvelopeVerifier.create(signers.stream().map(SignerKey::key).toList()).verify(envelope)) {
            case Verification.Verified v -> v;
            case Verification.Rejected r -> throw new DroverException(r.reason(), r.message());
        };
    }

    private ReleaseComponent check(Handle h, DeviceClass deviceClass, ComponentManifest component) {
        String name = deviceClass.components().stream().filter(c -> ComponentId.named(c).equals(component.id())).findFirst()
                .orElseThrow(() -> new DroverException(ReleaseErrors.UNKNOWN_COMPONENT, "component " + component.id().displayName()
                        + " is not one of class '" + deviceClass.name() + "': " + deviceClass.components()));
        if (!component.vendorId().equals(Optional.of(deviceClass.vendorId()))
                || !component.classId().equals(Optional.of(deviceClass.classId()))) {
            throw new DroverException(ReleaseErrors.WRONG_CLASS, "component '" + name + "' is for vendor "
                    + component.vendorId().map(Object::toString).orElse("(none)") + " / class "
                    + component.classId().map(Object::toString).orElse("(none)") + ", not for '" + deviceClass.name() + "' ("
                    + deviceClass.vendorId() + " / " + deviceClass.classId() + ")");
        }
        if (component.imageSha256().isEmpty() || component.imageSize().isEmpty() || component.version().isEmpty()) {
            throw new DroverException(ReleaseErrors.INCOMPLETE_MANIFEST, "component '" + name
                    + "' needs an image digest, an image size and a version in the manifest");
        }
        Artifact artifact = component.encryptionInfo().isPresent()
                ? ciphertext(h, name, component)
                : plaintext(h, name, component);
        return new ReleaseComponent(name, component.version().get(), artifact.sha256(), artifact.size());
    }

    /** A plaintext component is carried by the stored artifact with the manifest's image digest and size. */
    private Artifact plaintext(Handle h, String name, ComponentManifest component) {
        Sha256 sha256 = Sha256.of(component.imageSha256().get());
        long size = component.imageSize().getAsLong();
        return artifacts.find(h, sha256).filter(a -> a.size() == size)
                .orElseThrow(() -> new DroverException(ReleaseErrors.ARTIFACT_MISSING, "no artifact of " + size
                        + " bytes with SHA-256 " + sha256 + " is stored for component '" + name + "': upload it first"));
    }

    /**
     * An encrypted component's image digest and size are the plaintext's, which the server never sees; its signed uri
     * names the ciphertext artifact instead, and that is what devices are told to download.
     */
    private Artifact ciphertext(Handle h, String name, ComponentManifest component) {
        ArtifactAddress address = component.uri().flatMap(ArtifactAddress::parse)
                .orElseThrow(() -> new DroverException(ReleaseErrors.ARTIFACT_MISSING, "component '" + name
                        + "' is encrypted, and encrypted components must name their ciphertext artifact in their uri ("
                        + ArtifactAddress.PATH_PREFIX + "<sha256>), not " + component.uri().orElse("nothing")));
        Sha256 sha256 = new Sha256(address.sha256Hex());
        return artifacts.find(h, sha256)
                .orElseThrow(() -> new DroverException(ReleaseErrors.ARTIFACT_MISSING, "the ciphertext artifact "
                        + sha256 + " of encrypted component '" + name + "' is not stored: upload it first"));
    }

    public Release release(long id) {
        Release known = cache.get(id);
        return known != null ? known : jdbi.withHandle(h -> release(h, id));
    }

    /** The release {@code id}, read inside the caller's transaction unless this node has read it before. */
    public Release release(Handle h, long id) {
        Release known = cache.get(id);
        if (known == null) {
            known = find(h, id).orElseThrow(() -> notFound(id));
            cache.put(id, known);
        }
        return known;
    }

    public List<Release> releases(String className) {
        return jdbi.withHandle(h -> releases(h, fleet.deviceClass(h, className)));
    }

    /** The class's releases in sequence order, read inside the caller's transaction. */
    public List<Release> releases(Handle h, DeviceClass deviceClass) {
        return h.createQuery("SELECT id FROM release WHERE device_class_id = :cls ORDER BY sequence_number")
                .bind("cls", deviceClass.id()).mapTo(Long.class).list().stream().map(id -> release(h, id)).toList();
    }

    /** The releases of a class with a sequence number strictly between the two given, in sequence order. */
    public List<Release> releasesBetween(Handle h, long classDbId, long above, long below) {
        return h.createQuery("SELECT id FROM release WHERE device_class_id = :cls AND sequence_number > :above "
                        + "AND sequence_number < :below ORDER BY sequence_number")
                .bind("cls", classDbId).bind("above", above).bind("below", below)
                .mapTo(Long.class).list().stream().map(id -> release(h, id)).toList();
    }

    /** The signed envelope exactly as the vendor uploaded it. */
    public byte[] envelope(long id) {
        return jdbi.withHandle(h -> envelope(h, id));
    }

    /** The signed envelope, read inside the caller's transaction. */
    public byte[] envelope(Handle h, long id) {
        return h.createQuery("SELECT envelope FROM release WHERE id = :id")
                .bind("id", id).mapTo(byte[].class).findOne()
                .orElseThrow(() -> notFound(id));
    }

    /**
     * The envelope {@code name} names, of whatever class: the SHA-256 of its bytes, or the first
     * {@link Sha256Prefix#MIN_DIGITS} or more of its hex digits. Like an artifact, it is found only by whoever knows
     * its digest, which a check-in answer of its class gives (a gateway learns it from the devices it serves). A name
     * that is no such prefix is {@code artifact.bad-digest}; one that names no envelope, or more than one (which an
     * upload is refused for, but envelopes stored before that rule may), {@link ReleaseErrors#NOT_FOUND}.
     */
    public NamedEnvelope envelope(String name) {
        Sha256Prefix prefix = new Sha256Prefix(name);
        return jdbi.withHandle(h -> {
            // Several releases may have one envelope (one per class): digests, not rows, must be unique.
            List<String> digests = prefix.whole() ? List.of(prefix.hex()) : h.createQuery("SELECT DISTINCT "
                    + "envelope_sha256 FROM release WHERE envelope_sha256 >= :from AND envelope_sha256 < :to "
                    + "ORDER BY envelope_sha256 FETCH FIRST 2 ROWS ONLY").bind("from", prefix.lowest())
                    .bind("to", prefix.pastHighest()).mapTo(String.class).list();
            Optional<byte[]> envelope = digests.size() != 1 ? Optional.empty() : h.createQuery("SELECT envelope "
                            + "FROM release WHERE envelope_sha256 = :sha FETCH FIRST 1 ROWS ONLY")
                    .bind("sha", digests.getFirst()).mapTo(byte[].class).findOne();
            return envelope.map(bytes -> new NamedEnvelope(new Sha256(digests.getFirst()), bytes));
        }).orElseThrow(() -> new DroverException(ReleaseErrors.NOT_FOUND, prefix.whole()
                ? "no release has an envelope with SHA-256 " + prefix
                : "no release's envelope, or more than one, has a SHA-256 starting with " + prefix));
    }

    /** The envelope of a release for one device class: a device sees only its own class's releases. */
    public byte[] envelopeForClass(long id, long classDbId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT envelope FROM release WHERE id = :id AND device_class_id = :cls")
                        .bind("id", id).bind("cls", classDbId).mapTo(byte[].class).findOne())
                .orElseThrow(() -> notFound(id));
    }

    private static DroverException notFound(long id) {
        return new DroverException(ReleaseErrors.NOT_FOUND, "no release with id " + id);
    }

    private static Optional<Release> find(Handle h, long id) {
        List<ReleaseComponent> components = h.createQuery(
                        "SELECT * FROM release_component WHERE release_id = :id ORDER BY component")
                .bind("id", id)
                .map((rs, ctx) -> new ReleaseComponent(rs.getString("component"), rs.getString("version"),
                        rs.getString("sha256"), rs.getLong("size_bytes")))
                .list();
        return h.createQuery("SELECT r.id, r.sequence_number, r.signer_key_id, r.envelope_sha256, r.created_at, "
                        + "c.name AS class_name "
                        + "FROM release r JOIN device_class c ON c.id = r.device_class_id WHERE r.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Release(rs.getLong("id"), rs.getString("class_name"), rs.getLong("sequence_number"),
                        rs.getString("signer_key_id"), rs.getString("envelope_sha256"), components,
                        instant(rs, "created_at")))
                .findOne();
    }
}
