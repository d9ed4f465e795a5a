package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.SuitDigest;
import io.drover.suit.processor.ComponentRef;
import io.drover.suit.processor.Platform;
import io.drover.suit.processor.ProcessorErrors;
import io.drover.suit.report.ReportReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The conditions and directives that act on one component of the manifest's own component list. */
final class ComponentCommands {
    /** Which parameters each command uses: what a SUIT_Record of it carries. */
    private static final Map<Integer, Set<Integer>> USED = Map.ofEntries(
            Map.entry(Labels.VENDOR_IDENTIFIER, Set.of(Labels.P_VENDOR_ID)),
            Map.entry(Labels.CLASS_IDENTIFIER, Set.of(Labels.P_CLASS_ID)),
            Map.entry(Labels.DEVICE_IDENTIFIER, Set.of(Labels.P_DEVICE_ID)),
            Map.entry(Labels.IMAGE_MATCH, Set.of(Labels.P_IMAGE_DIGEST, Labels.P_IMAGE_SIZE)),
            Map.entry(Labels.IMAGE_NOT_MATCH, Set.of(Labels.P_IMAGE_DIGEST)),
            Map.entry(Labels.DEPENDENCY_INTEGRITY, Set.of(Labels.P_IMAGE_DIGEST)),
            Map.entry(Labels.COMPONENT_SLOT, Set.of(Labels.P_COMPONENT_SLOT)),
            Map.entry(Labels.CHECK_CONTENT, Set.of(Labels.P_CONTENT)),
            Map.entry(Labels.USE_BEFORE, Set.of(Labels.P_USE_BEFORE)),
            Map.entry(Labels.MINIMUM_BATTERY, Set.of(Labels.P_MINIMUM_BATTERY)),
            Map.entry(Labels.UPDATE_AUTHORIZED, Set.of(Labels.P_UPDATE_PRIORITY)),
            Map.entry(Labels.VERSION, Set.of(Labels.P_VERSION)),
            Map.entry(Labels.WAIT, Set.of(Labels.P_WAIT_INFO)),
            Map.entry(Labels.FETCH, Set.of(Labels.P_URI, Labels.P_COMPONENT_SLOT)),
            Map.entry(Labels.COPY, Set.of(Labels.P_SOURCE_COMPONENT, Labels.P_COMPONENT_SLOT)),
            Map.entry(Labels.SWAP, Set.of(Labels.P_SOURCE_COMPONENT, Labels.P_COMPONENT_SLOT)),
            Map.entry(Labels.WRITE, Set.of(Labels.P_CONTENT, Labels.P_COMPONENT_SLOT)),
            Map.entry(Labels.INVOKE_DIRECTIVE, Set.of(Labels.P_INVOKE_ARGS)));

    private final Interpreter in;
    private final Platform platform;

    ComponentCommands(Interpreter in) {
        this.in = in;
        this.platform = in.session.platform;
    }

    static Set<Integer> usedParameters(int label) {
        return USED.getOrDefault(label, Set.of());
    }

    void perform(Step step, int i) {
        try {
            switch (step.label()) {
                case Labels.VENDOR_IDENTIFIER -> identity(step, i, Platform.Identity.VENDOR, Labels.P_VENDOR_ID);
                case Labels.CLASS_IDENTIFIER -> identity(step, i, Platform.Identity.CLASS, Labels.P_CLASS_ID);
                case Labels.DEVICE_IDENTIFIER -> identity(step, i, Platform.Identity.DEVICE, Labels.P_DEVICE_ID);
                case Labels.IMAGE_MATCH -> imageMatch(step, i);
                case Labels.IMAGE_NOT_MATCH -> {
                    if (digestMatches(in.ref(i), digest(step, i))) {
                        throw in.conditionFailed(step, i, "component " + in.ref(i) + " already holds the image");
                    }
                }
                case Labels.COMPONENT_SLOT -> componentSlot(step, i);
                case Labels.CHECK_CONTENT -> checkContent(step, i);
                case Labels.ABORT -> throw in.fail(step, i, ProcessorErrors.ABORTED, ReportReason.CONDITION_FAILED,
                        "the manifest aborted processing");
                case Labels.USE_BEFORE -> useBefore(step, i);
                case Labels.MINIMUM_BATTERY -> minimumBattery(step, i);
                case Labels.UPDATE_AUTHORIZED -> updateAuthorized(step, i);
                case Labels.VERSION -> version(step, i);
                case Labels.WAIT -> waitFor(step, i);
                case Labels.FETCH -> stage(step, i, fetch(step, i), false);
                case Labels.WRITE -> stage(step, i, new ByteArrayInputStream(content(step, i)), true);
                case Labels.COPY -> stage(step, i, platform.open(source(step, i)).orElseThrow(() -> in.fail(step, i,
                        ProcessorErrors.OPERATION_FAILED, ReportReason.OPERATION_FAILED,
                        "source component " + source(step, i) + " is empty")), false);
                case Labels.SWAP -> {
                    platform.swap(in.ref(i), source(step, i));
                    in.session.staged(in.ref(i), !in.params(i).containsKey(Labels.P_IMAGE_DIGEST));
                    in.session.staged(source(step, i), true);
                }
                case Labels.INVOKE_DIRECTIVE -> platform.invoke(in.ref(i), Optional.ofNullable(
                        in.params(i).get(Labels.P_INVOKE_ARGS)).map(a -> bytesOrText(a, "invoke-args")));
                default -> throw in.fail(step, i, ProcessorErrors.UNSUPPORTED_COMMAND,
                        ReportReason.COMMAND_UNSUPPORTED, "command " + step.label() + " is not supported");
            }
        } catch (IOException e) {
            throw in.fail(step, i, ProcessorErrors.OPERATION_FAILED, ReportReason.OPERATION_FAILED,
                    "platform failed on " + in.ref(i) + ": " + e.getMessage());
        }
    }

    private void identity(Step step, int i, Platform.Identity kind, int parameter) {
        byte[] expected = Cbor.bytes(in.required(step, i, parameter, kind + " identifier"), "identifier");
        Optional<byte[]> actual = platform.identity(in.componentId(i), kind);
        if (actual.isEmpty() || !MessageDigest.isEqual(expected, actual.get())) {
            throw in.conditionFailed(step, i, kind.name().toLowerCase() + " identifier of component "
                    + in.componentId(i).displayName() + " does not match");
        }
    }

    /** An image-match that passes vouches for staged content, which may then be committed. */
    private void imageMatch(Step step, int i) throws IOException {
        ComponentRef ref = in.ref(i);
        if (!digestMatches(ref, digest(step, i))) {
            throw in.conditionFailed(step, i, "image of component " + ref + " does not match its digest");
        }
        CBORObject size = in.params(i).get(Labels.P_IMAGE_SIZE);
        OptionalLong actual = platform.size(ref);
        if (size != null && (actual.isEmpty() || actual.getAsLong() != Cbor.unsigned(size, "image-size"))) {
            throw in.conditionFailed(step, i, "image of component " + ref + " does not have the expected size");
        }
        in.session.matched(ref);
    }

    private SuitDigest digest(Step step, int i) {
        CBORObject value = in.required(step, i, Labels.P_IMAGE_DIGEST, "image-digest");
        return SuitDigest.decode(Cbor.decodeWrapped(value, "image-digest"), "image-digest");
    }

    private boolean digestMatches(ComponentRef ref, SuitDigest digest) throws IOException {
        Optional<byte[]> expected = digest.sha256Bytes();
        if (expected.isPresent()) {
            return platform.sha256(ref).map(actual -> MessageDigest.isEqual(actual, expected.get())).orElse(false);
        }
        Optional<InputStream> content = platform.open(ref);
        if (content.isEmpty()) {
            return false;
        }
        try (InputStream stream = content.get()) {
            return digest.matches(stream.readAllBytes());
        }
    }

    private void componentSlot(Step step, int i) {
        long wanted = Cbor.unsigned(in.required(step, i, Labels.P_COMPONENT_SLOT, "component-slot"), "slot");
        OptionalLong slot = platform.installSlot(in.componentId(i));
        if (slot.isEmpty() || slot.getAsLong() != wanted) {
            throw in.conditionFailed(step, i, "component " + in.componentId(i).displayName() + " is not in slot "
                    + wanted);
        }
    }

    private void checkContent(Step step, int i) throws IOException {
        byte[] expected = content(step, i);
        Optional<InputStream> actual = platform.open(in.ref(i));
        if (actual.isEmpty()) {
            throw in.conditionFailed(step, i, "component " + in.ref(i) + " is empty");
        }
        try (InputStream stream = actual.get()) {
            if (!MessageDigest.isEqual(expected, stream.readAllBytes())) {
                throw in.conditionFailed(step, i, "component " + in.ref(i) + " does not hold the expected content");
            }
        }
    }

    private void useBefore(Step step, int i) {
        long deadline = Cbor.unsigned(in.required(step, i, Labels.P_USE_BEFORE, "use-before"), "use-before");
        if (in.session.clock.instant().getEpochSecond() > deadline) {
            throw in.conditionFailed(step, i, "the manifest may only be used before " + deadline
                    + " (seconds since 1970), and that time has passed");
        }
    }

    private void minimumBattery(Step step, int i) {
        long minimum = Cbor.unsigned(in.required(step, i, Labels.P_MINIMUM_BATTERY, "minimum-battery"), "battery");
        OptionalLong level = in.session.conditions.batteryLevel();
        if (level.isEmpty() || level.getAsLong() < minimum) {
            throw in.conditionFailed(step, i, "battery level " + (level.isEmpty() ? "unknown" : level.getAsLong())
                    + " is below the required " + minimum);
        }
    }

    private void updateAuthorized(Step step, int i) {
        CBORObject priority = in.params(i).get(Labels.P_UPDATE_PRIORITY);
        long value = priority == null ? 0 : Cbor.integer(priority, "update-priority");
        if (!in.session.conditions.updateAuthorized(value)) {
            throw in.conditionFailed(step, i, "the device does not authorize an update of priority " + value);
        }
    }

    private void version(Step step, int i) {
        CBORObject match = Cbor.decodeWrapped(in.required(step, i, Labels.P_VERSION, "version"), "version");
        Optional<List<Long>> installed = platform.version(in.componentId(i));
        if (installed.isEmpty() || !UpdateManagement.versionMatches(match, installed.get())) {
            throw in.conditionFailed(step, i, "installed version " + installed.map(List::toString).orElse("(unknown)")
                    + " of component " + in.componentId(i).displayName() + " does not satisfy " + Cbor.abbreviate(match));
        }
    }

    private void waitFor(Step step, int i) {
        CBORObject info = Cbor.decodeWrapped(in.required(step, i, Labels.P_WAIT_INFO, "wait-info"), "wait-info");
        Optional<String> pending = UpdateManagement.pendingEvent(info, in.session.clock, in.session.conditions);
        if (pending.isPresent()) {
            throw in.deferred(step, i, pending.get());
        }
    }

    /**
     * The payload a fetch names: the envelope's integrated payload keyed by that URI when it holds one, else, for a
     * "#key" URI, a failure, otherwise whatever the platform fetches. Integrated payloads are looked up by any URI,
     * not only fragments: a package made for a single download (an LwM2M firmware package) integrates each payload
     * under the URI its signed manifest already names, which cannot change without a new signature.
     */
    InputStream fetch(Step step, int i) throws IOException {
        String uri = Cbor.text(in.required(step, i, Labels.P_URI, "uri"), "uri");
        var integrated = in.view.integrated(uri);
        if (integrated.isPresent()) {
            return new ByteArrayInputStream(integrated.get());
        }
        if (uri.startsWith("#")) {
            throw in.fail(step, i, ProcessorErrors.MEMBER_MISSING, ReportReason.OPERATION_FAILED,
                    "the envelope holds no integrated payload " + uri);
        }
        try {
            return platform.fetch(new URI(uri));
        } catch (URISyntaxException e) {
            throw in.fail(step, i, ProcessorErrors.PARAMETER_INVALID, ReportReason.PARAMETER_UNSUPPORTED,
                    "not a URI: " + uri);
        }
    }

    /**
     * Content the manifest itself holds (write) is covered by its signature; content from elsewhere (fetch, copy)
     * must pass an image-match before it may be committed, when the manifest gives a digest for it.
     */
    private void stage(Step step, int i, InputStream content, boolean fromManifest) throws IOException {
        ComponentRef ref = in.ref(i);
        try (content) {
            platform.stage(ref, content);
        }
        in.session.staged(ref, fromManifest || !in.params(i).containsKey(Labels.P_IMAGE_DIGEST));
    }

    private ComponentRef source(Step step, int i) {
        int source = Cbor.smallInteger(in.required(step, i, Labels.P_SOURCE_COMPONENT, "source-component"),
                "source-component");
        if (!in.isComponent(source)) {
            throw in.fail(step, i, ProcessorErrors.PARAMETER_INVALID, ReportReason.COMPONENT_UNSUPPORTED,
                    "source-component " + source + " is not a component of the manifest");
        }
        return in.ref(source);
    }

    private byte[] content(Step step, int i) {
        return bytesOrText(in.required(step, i, Labels.P_CONTENT, "content"), "content");
    }

    private static byte[] bytesOrText(CBORObject value, String what) {
        return value.getType() == CBORType.TextString
                ? Cbor.text(value, what).getBytes(StandardCharsets.UTF_8)
                : Cbor.bytes(value, what);
    }
}
