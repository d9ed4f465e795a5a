package io.drover.suit.internal;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;

/**
 * Strict reading of CBOR items: every accessor checks the type it expects and reports the item by name, so a malformed
 * envelope always ends as one {@link DroverException} with {@link SuitErrors#MALFORMED} and never as a library exception.
 */
public final class Cbor {
    private Cbor() {
    }

    /** Decodes exactly one CBOR item (no trailing bytes, no duplicate map keys). */
    public static CBORObject decode(byte[] encoded, String what) {
        CborLimits.check(encoded, what);
        try {
            return CBORObject.DecodeFromBytes(encoded);
        } catch (CBORException | IllegalArgumentException e) {
            throw new DroverException(SuitErrors.MALFORMED, what + " is not valid CBOR: " + e.getMessage(), e);
        }
    }

    /** Decodes the content of a byte string that holds CBOR ({@code bstr .cbor T}). */
    public static CBORObject decodeWrapped(CBORObject item, String what) {
        return decode(bytes(item, what), what);
    }

    /**
     * The encoding of a byte string holding {@code content}, header included: what SUIT digests and COSE signs.
     * Drover hashes this preferred encoding rather than the transmitted header, so a sender that used a longer header
     * is refused with a digest mismatch, never accepted on different bytes.
     */
    public static byte[] wrap(byte[] content) {
        return CBORObject.FromObject(content).EncodeToBytes();
    }

    public static CBORObject map(CBORObject item, String what) {
        return expect(item, CBORType.Map, what, "a map");
    }

    public static CBORObject array(CBORObject item, String what) {
        return expect(item, CBORType.Array, what, "an array");
    }

    public static byte[] bytes(CBORObject item, String what) {
        return expect(item, CBORType.ByteString, what, "a byte string").GetByteString();
    }

    public static String text(CBORObject item, String what) {
        return expect(item, CBORType.TextString, what, "a text string").AsString();
    }

    public static long integer(CBORObject item, String what) {
        expect(item, CBORType.Integer, what, "an integer");
        if (!item.CanValueFitInInt64()) {
            throw malformed(what + " is out of range");
        }
        return item.AsInt64Value();
    }

    public static int smallInteger(CBORObject item, String what) {
        long value = integer(item, what);
        if (value != (int) value) {
            throw malformed(what + " is out of range");
        }
        return (int) value;
    }

    public static long unsigned(CBORObject item, String what) {
        long value = integer(item, what);
        if (value < 0) {
            throw malformed(what + " must not be negative");
        }
        return value;
    }

    /** The value under an integer key, which must be present. */
    public static CBORObject required(CBORObject map, int key, String what) {
        CBORObject value = map.get(CBORObject.FromObject(key));
        if (value == null) {
            throw malformed(what + " is missing");
        }
        return value;
    }

    /** The value under an integer key, or null when absent. */
    public static CBORObject optional(CBORObject map, int key) {
        return map.get(CBORObject.FromObject(key));
    }

    public static boolean isInteger(CBORObject item) {
        return item != null && item.getType() == CBORType.Integer && !item.isTagged() && item.CanValueFitInInt64();
    }

    public static DroverException malformed(String message) {
        return new DroverException(SuitErrors.MALFORMED, message);
    }

    private static CBORObject expect(CBORObject item, CBORType type, String what, String description) {
        if (item == null || item.getType() != type || item.isTagged()) {
            throw malformed(what + " must be " + description + (item == null ? "" : ", got " + abbreviate(item)));
        }
        return item;
    }

    /** Diagnostic notation of an item, cut short for messages and inspection output. */
    public static String abbreviate(CBORObject item) {
        String text = item.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
