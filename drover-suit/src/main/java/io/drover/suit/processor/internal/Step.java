package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.internal.Cbor;
import java.util.ArrayList;
import java.util.List;

/**
 * One command of a sequence with its byte offset in that sequence (what a SUIT_Record's section-offset names).
 *
 * @param depth how many try-each or run-sequence levels enclose it; bounded because each level is a separately
 *              wrapped byte string that the CBOR decoder's own nesting limit does not see
 */
record Step(int label, CBORObject argument, long offset, int depth) {
    static final int MAX_DEPTH = 16;

    static List<Step> parse(byte[] encoded, String what) {
        return parse(encoded, what, 0);
    }

    static List<Step> parse(byte[] encoded, String what, int depth) {
        if (depth > MAX_DEPTH) {
            throw Cbor.malformed(what + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        CBORObject array = Cbor.array(Cbor.decode(encoded, what), what);
        if (array.size() % 2 != 0) {
            throw Cbor.malformed(what + " must hold label/argument pairs, got " + array.size() + " items");
        }
        // Offsets count from the sequence's first byte; the array header is as long as its preferred encoding.
        long offset = CBORObject.NewArray().EncodeToBytes().length + headerExtra(array.size());
        var steps = new ArrayList<Step>(array.size() / 2);
        for (int i = 0; i < array.size(); i += 2) {
            CBORObject label = array.get(i);
            CBORObject argument = array.get(i + 1);
            steps.add(new Step(Cbor.smallInteger(label, what + " command label"), argument, offset, depth));
            offset += label.EncodeToBytes().length + argument.EncodeToBytes().length;
        }
        return steps;
    }

    /** Nested sequences of a try-each: wrapped sequences, the last of which may be nil (an empty alternative). */
    List<List<Step>> alternatives() {
        CBORObject array = Cbor.array(argument, "try-each argument");
        var alternatives = new ArrayList<List<Step>>();
        for (int i = 0; i < array.size(); i++) {
            CBORObject item = array.get(i);
            alternatives.add(item.isNull() && i == array.size() - 1
                    ? List.of()
                    : parse(Cbor.bytes(item, "try-each alternative"), "try-each alternative", depth + 1));
        }
        return alternatives;
    }

    List<Step> nested() {
        return parse(Cbor.bytes(argument, "run-sequence argument"), "run-sequence argument", depth + 1);
    }

    private static int headerExtra(int items) {
        return items < 24 ? 0 : items < 256 ? 1 : items < 65536 ? 2 : 4;
    }
}
