package io.drover.agent.download;

import io.drover.agent.AgentErrors;
import io.drover.agent.StepListener;
import io.drover.agent.UpdateStep;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.slot.SlotId;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.verify.Ciphertext;
import io.drover.agent.verify.ReleaseImage;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.encryption.Decryption;
import io.drover.suit.encryption.EncryptionErrors;
import io.drover.suit.encryption.ExpectedPlaintext;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.PlaintextSink;
import io.drover.agent.transport.DeltaOffer;
import io.drover.delta.DeltaImage;
import io.drover.delta.DeltaPatch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Brings one image of a verified release into a slot. A plaintext image for which the server offers a delta from the
 * image the active slot runs is made from that delta (falling back to the full image on any failure); any other
 * plaintext image downloads straight into it; an encrypted
 * one downloads (resumable, digest-checked) into the {@link Staging} and is then decrypted into the slot
 * in constant memory, committed only once the manifest's plaintext digest and size match. So a slot never holds
 * ciphertext or unverified plaintext, and a failure leaves the slot's image of the component as it was. An image the
 * slot already holds with the manifest's digest is not fetched again.
 */
public final class ImageDownloader {
    private static final Logger log = LoggerFactory.getLogger(ImageDownloader.class);
    /** A key that has no recipient in the encryption info, or unwraps none, gives way to the device's next key. */
    private static final Set<ErrorCode> OTHER_KEY_MAY_FIT =
            Set.of(EncryptionErrors.NO_RECIPIENT_FOR_KEY, EncryptionErrors.WRONG_KEY);

    private final ArtifactDownloader artifacts;
    private final SlotStore slots;
    private final Staging staging;
    private final List<PayloadDecryptor> decryptors;
    private final StepListener steps;

    /**
     * @param decryptors the device's keys, tried in order; none means encrypted images cannot be installed
     * @param steps told {@link UpdateStep#DECRYPTING} once a decryption, and {@link UpdateStep#PATCHING} once a
     *     delta, has written its first bytes into the slot
     */
    public ImageDownloader(ArtifactDownloader artifacts, SlotStore slots, Staging staging,
            List<PayloadDecryptor> decryptors, StepListener steps) {
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.staging = Objects.requireNonNull(staging, "staging");
        this.decryptors = List.copyOf(decryptors);
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    public DownloadResult download(ReleaseImage image, SlotId slot) throws InterruptedException {
        try {
            if (alreadyIn(slot, image)) {
                return new DownloadResult.Downloaded();
            }
        } catch (IOException e) {
            return new DownloadResult.Failed(AgentErrors.SLOT_WRITE_FAILED,
                    "reading " + image.component() + " in slot " + slot + " failed: " + e.getMessage());
        }
        if (image.ciphertext().isEmpty()) {
            if (image.delta().isEmpty()) {
                return artifacts.download(image.url(), slot, image.component(), image.digest());
            }
            String deltaNotUsed = patch(image, image.delta().get(), slot);
            if (deltaNotUsed == null) {
                return new DownloadResult.Downloaded();
            }
            log.warn("{}: the delta offered was not used ({}); downloading the full image", image.component(),
                    deltaNotUsed);
            return switch (artifacts.download(image.url(), slot, image.component(), image.digest())) {
                case DownloadResult.Downloaded downloaded -> new DownloadResult.Downloaded(Optional.of(deltaNotUsed));
                case DownloadResult.Failed failed -> failed;
            };
        }
        Ciphertext ciphertext = image.ciphertext().get();
        if (decryptors.isEmpty()) {
            return new DownloadResult.Failed(AgentErrors.NO_DECRYPTION_KEY,
                    image.component() + " is encrypted and this device holds no decryption key");
        }
        try {
            try (ImageWriter writer = staging.open(ciphertext.digest())) {
                String what = image.component() + "'s ciphertext";
                switch (artifacts.fetch(image.url(), writer, ciphertext.digest(), what)) {
                    case DownloadResult.Failed failed -> {
                        return failed;
                    }
                    case DownloadResult.Downloaded downloaded -> writer.commit();
                }
            }
            try {
                return decrypt(image, ciphertext, slot);
            } finally {
                staging.remove(ciphertext.digest());
            }
        } catch (StepInterrupted e) {
            throw e.interruption;
        } catch (IOException | UncheckedIOException e) {
            return new DownloadResult.Failed(AgentErrors.SLOT_WRITE_FAILED,
                    "writing " + image.component() + " into slot " + slot + " failed: " + e.getMessage());
        } catch (DroverException e) {
            return new DownloadResult.Failed(e.errorCode(), e.getMessage());
        }
    }

    /**
     * Makes the image in {@code slot} from the offered delta and the active slot's image: the delta downloads
     * (resumable, digest-checked) into the staging folder, then is applied from there, the base read from the active
     * slot, into a partial image that is committed only once it has the manifest's digest. Returns null when it did,
     * else why not, with the slot's image of the component as it was.
     */
    private String patch(ReleaseImage image, DeltaOffer offer, SlotId slot) throws InterruptedException {
        SlotId active = slot.other();
        try {
            if (!slots.components(active).contains(image.component())) {
                return "slot " + active + " holds no image of " + image.component();
            }
            ImageDigest running;
            try (InputStream in = slots.open(active, image.component())) {
                running = ImageDigest.of(in);
            }
            if (!running.equals(offer.base())) {
                return "slot " + active + " holds " + running + ", the delta starts from " + offer.base();
            }
            try (ImageWriter writer = staging.open(offer.digest())) {
                switch (artifacts.fetch(offer.url(), writer, offer.digest(), image.component() + "'s delta")) {
                    case DownloadResult.Failed failed -> {
                        return failed.reason().code() + ": " + failed.message();
                    }
                    case DownloadResult.Downloaded downloaded -> writer.commit();
                }
            }
            try {
                return apply(image, offer, active, slot);
            } finally {
                staging.remove(offer.digest());
            }
        } catch (StepInterrupted e) {
            throw e.interruption;
        } catch (IOException | UncheckedIOException e) {
            return "storage failed: " + e;
        } catch (DroverException e) {
            return e.errorCode().code() + ": " + e.getMessage();
        }
    }

    private String apply(ReleaseImage image, DeltaOffer offer, SlotId active, SlotId slot) throws IOException {
        try (InputStream patch = new BufferedInputStream(staging.read(offer.digest()));
                SeekableByteChannel base = slots.openAtAnyPosition(active, image.component());
                ImageWriter writer = slots.stage(slot, image.component(), image.digest())) {
            // Bytes kept from an interrupted patch were never verified: make the image over.
            writer.restart();
            boolean committed = false;
            try {
                DeltaPatch delta = DeltaPatch.open(patch);
                delta.header().requireResult(new DeltaImage(image.digest().sha256(), image.digest().size()));
                delta.applyTo(base, new SlotOutput(writer, steps));
                ImageDigest written;
                try (InputStream readBack = writer.readBack()) {
                    written = ImageDigest.of(readBack);
                }
                if (!written.equals(image.digest())) {
                    return "slot " + slot + " holds " + written + " after the delta, not " + image.digest();
                }
                writer.commit();
                committed = true;
                return null;
            } finally {
                if (!committed) {
                    discard(writer);
                }
            }
        }
    }

    private static void discard(ImageWriter writer) {
        try {
            writer.discard();
        } catch (IOException e) {
            // A leftover partial is never taken for an image, and retainOnly removes it before any swap.
        }
    }

    /**
     * Whether an earlier attempt at this release completed the image before failing on another: the slot's image is
     * then taken as it is, checked against the manifest's digest just as a fresh download would be.
     */
    private boolean alreadyIn(SlotId slot, ReleaseImage image) throws IOException {
        if (!slots.components(slot).contains(image.component())) {
            return false;
        }
        try (InputStream in = slots.open(slot, image.component())) {
            return ImageDigest.of(in).equals(image.digest());
        }
    }

    private DownloadResult decrypt(ReleaseImage image, Ciphertext ciphertext, SlotId slot) throws IOException {
        ExpectedPlaintext expected = ExpectedPlaintext.image(HexFormat.of().parseHex(image.digest().sha256()),
                image.digest().size());
        Decryption.Discarded refused = null;
        for (PayloadDecryptor decryptor : decryptors) {
            try (InputStream in = staging.read(ciphertext.digest());
                    ImageWriter writer = slots.stage(slot, image.component(), image.digest())) {
                // Bytes kept from an interrupted decryption were never verified: start the plaintext over.
                writer.restart();
                switch (decryptor.decrypt(ciphertext.encryptionInfo(), in, new SlotSink(writer, steps), expected)) {
                    case Decryption.Committed committed -> {
                        return new DownloadResult.Downloaded();
                    }
                    case Decryption.Discarded discarded -> refused = discarded;
                }
            }
            if (!OTHER_KEY_MAY_FIT.contains(refused.reason())) {
                break;
            }
        }
        return new DownloadResult.Failed(refused.reason(),
                "decrypting " + image.component() + " failed: " + refused.message());
    }

    /**
     * Writes to a slot's partial image and announces {@code step} at the first write. An interrupt of the step
     * listener crosses the decryptor or the delta codec, which only let I/O failures through, as
     * {@link StepInterrupted}.
     */
    private static final class AnnouncingWriter {
        private final ImageWriter writer;
        private final StepListener steps;
        private final UpdateStep step;
        private boolean wroteAny;

        AnnouncingWriter(ImageWriter writer, StepListener steps, UpdateStep step) {
            this.writer = writer;
            this.steps = steps;
            this.step = step;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            writer.write(bytes, offset, length);
            if (!wroteAny) {
                wroteAny = true;
                try {
                    steps.reached(step);
                } catch (InterruptedException e) {
                    throw new StepInterrupted(e);
                }
            }
        }
    }

    /**
     * The decryptor's sink over a slot's partial image, announcing {@link UpdateStep#DECRYPTING}: commit makes it the
     * slot's image, discard deletes it.
     */
    private static final class SlotSink implements PlaintextSink {
        private final ImageWriter writer;
        private final AnnouncingWriter out;

        SlotSink(ImageWriter writer, StepListener steps) {
            this.writer = writer;
            this.out = new AnnouncingWriter(writer, steps, UpdateStep.DECRYPTING);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void commit() throws IOException {
            writer.commit();
        }

        @Override
        public void discard() {
            try {
                writer.discard();
            } catch (IOException e) {
                // A leftover partial is never taken for an image, and retainOnly removes it before any swap.
            }
        }
    }

    /** A slot's partial image as the delta's output, announcing {@link UpdateStep#PATCHING}. */
    private static final class SlotOutput extends OutputStream {
        private final AnnouncingWriter out;

        SlotOutput(ImageWriter writer, StepListener steps) {
            this.out = new AnnouncingWriter(writer, steps, UpdateStep.PATCHING);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }
    }

    private static final class StepInterrupted extends InterruptedIOException {
        private final InterruptedException interruption;

        StepInterrupted(InterruptedException interruption) {
            super(interruption.getMessage());
            this.interruption = interruption;
        }
    }
}
