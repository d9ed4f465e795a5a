package io.drover.server.lwm2m;

import io.drover.server.artifact.Artifact;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.blob.Sha256;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseComponent;
import io.drover.server.release.ReleaseService;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ComponentId;
import io.drover.suit.ComponentManifest;
import io.drover.suit.IntegratedEnvelope;
import io.drover.suit.SuitEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The firmware package an LwM2M device receives for a release: the release's signed SUIT envelope with every
 * artifact it names integrated, each under the uri its manifest's fetch names. The device verifies it end to end as
 * it would the envelope and its downloads (the signatures cover the manifest, which holds every payload's digest;
 * integrated payloads leave them untouched), and a Drover device decrypts an encrypted payload as it would a
 * downloaded one. One package per release (a release is for one class), stored as an artifact named by its SHA-256,
 * so Drover's CoAP artifact endpoint serves it and every node that makes it makes the same bytes.
 */
final class FirmwarePackages {
    /** Pushed packages are held in memory for the write: beyond this, a device must pull. */
    static final long PUSH_LIMIT = 16L * 1024 * 1024;
    /** Packages kept in memory for pushes, at most; emptied when full. */
    private static final int PUSH_CACHE = 4;

    /** A release's package, stored. */
    record FirmwarePackage(Sha256 sha256, long size) {
        boolean pushable() {
            return size <= PUSH_LIMIT;
        }
    }

    private final ReleaseService releases;
    private final ArtifactService artifacts;
    /** Releases never change, so neither do their packages. */
    private final Map<Long, FirmwarePackage> made = new ConcurrentHashMap<>();
    private final Map<Sha256, byte[]> pushed = new ConcurrentHashMap<>();

    FirmwarePackages(ReleaseService releases, ArtifactService artifacts) {
        this.releases = releases;
        this.artifacts = artifacts;
    }

    /** The release's package, made and stored the first time this node needs it. */
    FirmwarePackage of(Release release) {
        return made.computeIfAbsent(release.id(), id -> make(release));
    }

    /** The package's bytes, for a push. */
    byte[] bytes(FirmwarePackage firmware) {
        if (!firmware.pushable()) {
            throw new IllegalArgumentException("a package of " + firmware.size() + " bytes is too large to push");
        }
        if (pushed.size() >= PUSH_CACHE) {
            pushed.clear();
        }
        return pushed.computeIfAbsent(firmware.sha256(), sha -> {
            try (InputStream in = Channels.newInputStream(artifacts.open(sha))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading firmware package " + sha, e);
            }
        });
    }

    private FirmwarePackage make(Release release) {
        byte[] envelope = releases.envelope(release.id());
        List<ComponentManifest> manifest = SuitEnvelope.decode(envelope).manifest().components();
        // By uri: components that name one artifact carry it once.
        Map<String, IntegratedEnvelope.Payload> payloads = new LinkedHashMap<>();
        for (ReleaseComponent component : release.components()) {
            String key = manifest.stream().filter(c -> c.id().equals(ComponentId.named(component.component())))
                    .findFirst().flatMap(ComponentManifest::uri)
                    .orElseGet(() -> new ArtifactAddress(component.sha256()).uri());
            Sha256 sha = new Sha256(component.sha256());
            payloads.putIfAbsent(key, new IntegratedEnvelope.Payload(key, component.size(),
                    () -> Channels.newInputStream(artifacts.open(sha))));
        }
        try (InputStream content = IntegratedEnvelope.stream(envelope, List.copyOf(payloads.values()))) {
            Artifact stored = artifacts.store(content).artifact();
            return new FirmwarePackage(new Sha256(stored.sha256()), stored.size());
        } catch (IOException e) {
            throw new UncheckedIOException("making the firmware package of release " + release.id(), e);
        }
    }
}
