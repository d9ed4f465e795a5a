package io.drover.server.lwm2m;

import io.drover.error.DroverException;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.Verification;
import io.drover.suit.VerificationKey;
import io.drover.suit.processor.ComponentRef;
import io.drover.suit.processor.FileComponentStore;
import io.drover.suit.processor.Outcome;
import io.drover.suit.processor.ProcessorErrors;
import io.drover.suit.processor.Run;
import io.drover.suit.processor.SuitProcessor;
import io.drover.suit.trust.TrustPolicy;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A constrained device's firmware side: it takes a package as a SUIT envelope, verifies it against the one key it
 * trusts and installs it with drover-suit's processor, every payload coming out of the package itself (the device
 * fetches nothing). Update Results: 1 installed (the Device object then states the new version), 5 the signature or
 * an image digest does not hold, 6 the package is no SUIT envelope, 8 anything else failed.
 */
final class SuitFirmware implements FirmwareUpdateObject.Install {
    private final FileComponentStore store;
    private final VerificationKey trusted;
    private final DeviceObject device;

    SuitFirmware(Path root, VerificationKey trusted, UUID vendorId, UUID classId, DeviceObject device) {
        try {
            this.store = FileComponentStore.create(root, uri -> {
                throw new FileNotFoundException("this device fetches nothing: " + uri);
            }, vendorId, classId, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.trusted = trusted;
        this.device = device;
    }

    @Override
    public int install(byte[] firmware) {
        Verification verification;
        try {
            verification = EnvelopeVerifier.create(List.of(trusted)).verify(firmware);
        } catch (DroverException e) {
            return 6;
        }
        if (!(verification instanceof Verification.Verified verified)) {
            return 5;
        }
        Outcome outcome = SuitProcessor.builder(store, TrustPolicy.singleDomain(trusted), Clock.systemUTC()).build()
                .process(verified, Run.UPDATE);
        return switch (outcome) {
            case Outcome.Completed completed -> {
                verified.envelope().manifest().components().getFirst().version().ifPresent(device::firmwareVersion);
                yield 1;
            }
            case Outcome.Failed failed -> failed.code().equals(ProcessorErrors.CONDITION_FAILED) ? 5 : 8;
            case Outcome.Deferred deferred -> 8;
        };
    }

    /** What the device holds of a component now. */
    Optional<byte[]> content(ComponentRef component) {
        try {
            return store.content(component);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
