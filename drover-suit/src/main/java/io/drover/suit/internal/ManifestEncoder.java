package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ComponentId;
import io.drover.suit.ImageSpec;
import io.drover.suit.UpdateSpec;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds the manifest Drover signs for an {@link UpdateSpec}. Per component i: the shared sequence sets vendor,
 * class, digest and size and checks vendor and class; install sets the encryption info of an encrypted image, fetches
 * from the uri and checks the image; validate checks the image; text carries the version. Maps are written with keys
 * in ascending order, so the encoding is deterministic.
 */
public final class ManifestEncoder {
    private static final int MANIFEST_VERSION = 1;
    private static final int CONDITION_VENDOR_ID = 1;
    private static final int CONDITION_CLASS_ID = 2;
    private static final int CONDITION_IMAGE_MATCH = 3;
    private static final int DIRECTIVE_FETCH = 21;
    private static final int VALIDATE = 7;
    private static final int INSTALL = 20;
    /** Report on success and failure, with system information (suit-reporting-bits 0 to 3). */
    private static final int REPORT_ALL = 15;
    /** Report a failed fetch only, as the draft's examples do. */
    private static final int REPORT_FAILURE = 2;
    private static final String TEXT_LANGUAGE = "en";

    private ManifestEncoder() {
    }

    public static byte[] encode(UpdateSpec spec) {
        List<ImageSpec> images = spec.images();
        CBORObject components = CBORObject.NewArray();
        images.forEach(image -> components.Add(componentId(image)));
        CBORObject common = CBORObject.NewOrderedMap()
                .Add(SuitLabels.COMMON_COMPONENTS, components)
                .Add(SuitLabels.SHARED_SEQUENCE, perComponent(images, (image, seq) -> seq
                        .Add(SuitLabels.OVERRIDE_PARAMETERS).Add(CBORObject.NewOrderedMap()
                                .Add(SuitLabels.VENDOR_ID, Parameters.uuidBytes(spec.vendorId()))
                                .Add(SuitLabels.CLASS_ID, Parameters.uuidBytes(spec.classId()))
                                .Add(SuitLabels.IMAGE_DIGEST, SuitDigest.sha256(image.sha256()).EncodeToBytes())
                                .Add(SuitLabels.IMAGE_SIZE, image.size()))
                        .Add(CONDITION_VENDOR_ID).Add(REPORT_ALL)
                        .Add(CONDITION_CLASS_ID).Add(REPORT_ALL)));
        return CBORObject.NewOrderedMap()
                .Add(SuitLabels.MANIFEST_VERSION, MANIFEST_VERSION)
                .Add(SuitLabels.SEQUENCE_NUMBER, spec.sequenceNumber())
                .Add(SuitLabels.COMMON, common.EncodeToBytes())
                .Add(VALIDATE, perComponent(images, (image, seq) -> seq
                        .Add(CONDITION_IMAGE_MATCH).Add(REPORT_ALL)))
                .Add(INSTALL, perComponent(images, (image, seq) -> seq
                        .Add(SuitLabels.OVERRIDE_PARAMETERS).Add(installParameters(image))
                        .Add(DIRECTIVE_FETCH).Add(REPORT_FAILURE)
                        .Add(CONDITION_IMAGE_MATCH).Add(REPORT_ALL)))
                .Add(SuitLabels.TEXT, text(images).EncodeToBytes())
                .EncodeToBytes();
    }

    /**
     * The encoded sequence that selects each component in turn and appends {@code commands} for it. Every sequence
     * starts with component 0 selected, so a one-component manifest needs no set-component-index (as in the draft's
     * example 0): a few bytes less for the smallest devices.
     */
    private static byte[] perComponent(List<ImageSpec> images, BiConsumer<ImageSpec, CBORObject> commands) {
        CBORObject sequence = CBORObject.NewArray();
        for (int i = 0; i < images.size(); i++) {
            if (images.size() > 1) {
                sequence.Add(SuitLabels.SET_COMPONENT_INDEX).Add(i);
            }
            commands.accept(images.get(i), sequence);
        }
        return sequence.EncodeToBytes();
    }

    /** Encryption info (19, {@code bstr .cbor SUIT_Encryption_Info}) when encrypted, then uri (21): keys ascending. */
    private static CBORObject installParameters(ImageSpec image) {
        CBORObject parameters = CBORObject.NewOrderedMap();
        image.encryptionInfo().ifPresent(info -> parameters.Add(SuitLabels.ENCRYPTION_INFO, info));
        return parameters.Add(SuitLabels.URI, image.uri());
    }

    private static CBORObject text(List<ImageSpec> images) {
        CBORObject localized = CBORObject.NewOrderedMap();
        images.forEach(image -> localized.Add(componentId(image),
                CBORObject.NewOrderedMap().Add(SuitLabels.TEXT_COMPONENT_VERSION, image.version())));
        return CBORObject.NewOrderedMap().Add(TEXT_LANGUAGE, localized);
    }

    private static CBORObject componentId(ImageSpec image) {
        CBORObject id = CBORObject.NewArray();
        ComponentId.named(image.component()).segments().forEach(id::Add);
        return id;
    }
}
