package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reading and rendering SUIT parameter values ({@code $$SUIT_Parameters}). */
final class Parameters {
    private static final int UUID_BYTES = 16;

    private Parameters() {
    }

    /** An override-parameters map as label to value. */
    static Map<Integer, CBORObject> read(CBORObject map, String what) {
        var parameters = new LinkedHashMap<Integer, CBORObject>();
        for (var entry : Cbor.map(map, what).getEntries()) {
            parameters.put(Cbor.smallInteger(entry.getKey(), what + " label"), entry.getValue());
        }
        return parameters;
    }

    /** A RFC4122_UUID value; empty for other forms such as a tagged IANA PEN vendor id. */
    static Optional<UUID> uuid(CBORObject value) {
        if (value.getType() != CBORType.ByteString || value.isTagged() || value.GetByteString().length != UUID_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(value.GetByteString());
        return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
    }

    static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(UUID_BYTES)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    /** The image-digest parameter: {@code bstr .cbor SUIT_Digest}. */
    static SuitDigest digest(CBORObject value) {
        return SuitDigest.decode(Cbor.decodeWrapped(value, "image-digest parameter"), "image-digest parameter");
    }

    static String render(int label, CBORObject value) {
        return switch (label) {
            case SuitLabels.VENDOR_ID, SuitLabels.CLASS_ID, SuitLabels.DEVICE_ID ->
                    uuid(value).map(UUID::toString).orElseGet(() -> Cbor.abbreviate(value));
            case SuitLabels.IMAGE_DIGEST -> digest(value).describe();
            default -> Cbor.abbreviate(value);
        };
    }
}
