package io.drover.suit.processor.internal;

/**
 * The CBOR labels the processor acts on: draft-ietf-suit-manifest-37, trust-domains-11 and update-management-14.
 * Kept here rather than shared with the decoder's labels so that the processor's vocabulary is visible in one place.
 */
final class Labels {
    // manifest members
    static final int COMMON = 3;
    static final int REFERENCE_URI = 4;
    static final int MANIFEST_COMPONENT_ID = 5;
    static final int SET_VERSION = 6;
    static final int VALIDATE = 7;
    static final int LOAD = 8;
    static final int INVOKE = 9;
    static final int DEPENDENCY_RESOLUTION = 15;
    static final int PAYLOAD_FETCH = 16;
    static final int CANDIDATE_VERIFICATION = 18;
    static final int INSTALL = 20;

    // common members
    static final int DEPENDENCIES = 1;
    static final int COMPONENTS = 2;
    static final int SHARED_SEQUENCE = 4;
    static final int DEPENDENCY_PREFIX = 1;

    // conditions
    static final int VENDOR_IDENTIFIER = 1;
    static final int CLASS_IDENTIFIER = 2;
    static final int IMAGE_MATCH = 3;
    static final int USE_BEFORE = 4;
    static final int COMPONENT_SLOT = 5;
    static final int CHECK_CONTENT = 6;
    static final int DEPENDENCY_INTEGRITY = 7;
    static final int IS_DEPENDENCY = 8;
    static final int ABORT = 14;
    static final int DEVICE_IDENTIFIER = 24;
    static final int IMAGE_NOT_MATCH = 25;
    static final int MINIMUM_BATTERY = 26;
    static final int UPDATE_AUTHORIZED = 27;
    static final int VERSION = 28;

    // directives
    static final int PROCESS_DEPENDENCY = 11;
    static final int SET_COMPONENT_INDEX = 12;
    static final int TRY_EACH = 15;
    static final int WRITE = 18;
    static final int SET_PARAMETERS = 19;
    static final int OVERRIDE_PARAMETERS = 20;
    static final int FETCH = 21;
    static final int COPY = 22;
    static final int INVOKE_DIRECTIVE = 23;
    static final int WAIT = 29;
    static final int SWAP = 31;
    static final int RUN_SEQUENCE = 32;
    static final int OVERRIDE_MULTIPLE = 34;
    static final int COPY_PARAMS = 35;

    // parameters
    static final int P_VENDOR_ID = 1;
    static final int P_CLASS_ID = 2;
    static final int P_IMAGE_DIGEST = 3;
    static final int P_USE_BEFORE = 4;
    static final int P_COMPONENT_SLOT = 5;
    static final int P_IMAGE_SIZE = 14;
    static final int P_CONTENT = 18;
    static final int P_URI = 21;
    static final int P_SOURCE_COMPONENT = 22;
    static final int P_INVOKE_ARGS = 23;
    static final int P_DEVICE_ID = 24;
    static final int P_MINIMUM_BATTERY = 26;
    static final int P_UPDATE_PRIORITY = 27;
    static final int P_VERSION = 28;
    static final int P_WAIT_INFO = 29;

    private Labels() {
    }
}
