package io.drover.suit.internal;

import java.util.Map;
import java.util.Set;

/**
 * Names of SUIT CBOR labels, from draft-ietf-suit-manifest-37 and the companion drafts Drover reads
 * (trust-domains-11, update-management-14, firmware-encryption): for inspection output and error messages.
 */
final class SuitLabels {
    static final int MANIFEST_VERSION = 1;
    static final int SEQUENCE_NUMBER = 2;
    static final int COMMON = 3;
    static final int REFERENCE_URI = 4;
    static final int TEXT = 23;
    /** update-management-14: a CoSWID tag describing the software. */
    static final int COSWID = 14;

    static final int COMMON_COMPONENTS = 2;
    static final int SHARED_SEQUENCE = 4;

    static final int SET_COMPONENT_INDEX = 12;
    static final int TRY_EACH = 15;
    static final int SET_PARAMETERS = 19;
    static final int OVERRIDE_PARAMETERS = 20;
    static final int RUN_SEQUENCE = 32;
    static final int OVERRIDE_MULTIPLE = 34;

    static final int VENDOR_ID = 1;
    static final int CLASS_ID = 2;
    static final int IMAGE_DIGEST = 3;
    static final int IMAGE_SIZE = 14;
    static final int ENCRYPTION_INFO = 19;
    static final int URI = 21;
    static final int DEVICE_ID = 24;

    static final int TEXT_COMPONENT_VERSION = 6;

    /** Manifest members that may be severed: the manifest then holds their digest and the envelope their body. */
    static final Set<Integer> SEVERABLE = Set.of(COSWID, 15, 16, 18, 20, TEXT);

    /** Manifest members that hold a command sequence (the shared sequence lives in common under the same key 4). */
    static final Map<Integer, String> SEQUENCES = Map.of(
            7, "validate",
            8, "load",
            9, "invoke",
            15, "dependency-resolution",
            16, "payload-fetch",
            18, "candidate-verification",
            20, "install",
            24, "uninstall");

    private static final Map<Integer, String> COMMANDS = Map.ofEntries(
            Map.entry(1, "condition-vendor-identifier"),
            Map.entry(2, "condition-class-identifier"),
            Map.entry(3, "condition-image-match"),
            Map.entry(4, "condition-use-before"),
            Map.entry(5, "condition-component-slot"),
            Map.entry(6, "condition-check-content"),
            Map.entry(7, "condition-dependency-integrity"),
            Map.entry(8, "condition-is-dependency"),
            Map.entry(11, "directive-process-dependency"),
            Map.entry(12, "directive-set-component-index"),
            Map.entry(14, "condition-abort"),
            Map.entry(15, "directive-try-each"),
            Map.entry(18, "directive-write"),
            Map.entry(19, "directive-set-parameters"),
            Map.entry(20, "directive-override-parameters"),
            Map.entry(21, "directive-fetch"),
            Map.entry(22, "directive-copy"),
            Map.entry(23, "directive-invoke"),
            Map.entry(24, "condition-device-identifier"),
            Map.entry(25, "condition-image-not-match"),
            Map.entry(26, "condition-minimum-battery"),
            Map.entry(27, "condition-update-authorized"),
            Map.entry(28, "condition-version"),
            Map.entry(29, "directive-wait"),
            Map.entry(31, "directive-swap"),
            Map.entry(32, "directive-run-sequence"),
            Map.entry(33, "directive-unlink"),
            Map.entry(34, "directive-override-multiple"),
            Map.entry(35, "directive-copy-params"));

    private static final Map<Integer, String> PARAMETERS = Map.ofEntries(
            Map.entry(1, "vendor-id"),
            Map.entry(2, "class-id"),
            Map.entry(3, "image-digest"),
            Map.entry(4, "use-before"),
            Map.entry(5, "component-slot"),
            Map.entry(12, "strict-order"),
            Map.entry(13, "soft-failure"),
            Map.entry(14, "image-size"),
            Map.entry(18, "content"),
            Map.entry(19, "encryption-info"),
            Map.entry(21, "uri"),
            Map.entry(22, "source-component"),
            Map.entry(23, "invoke-args"),
            Map.entry(24, "device-id"),
            Map.entry(25, "fetch-arguments"),
            Map.entry(26, "minimum-battery"),
            Map.entry(27, "update-priority"),
            Map.entry(28, "version"),
            Map.entry(29, "wait-info"),
            Map.entry(30, "component-metadata"));

    private SuitLabels() {
    }

    static String member(int key) {
        return key == TEXT ? "text" : key == COSWID ? "coswid" : SEQUENCES.getOrDefault(key, "member(" + key + ")");
    }

    static String command(int key) {
        return COMMANDS.getOrDefault(key, (key < 0 ? "custom(" : "command(") + key + ")");
    }

    static String parameter(int key) {
        return PARAMETERS.getOrDefault(key, (key < 0 ? "custom(" : "parameter(") + key + ")");
    }
}
