package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One label/argument pair of a SUIT_Command_Sequence, argument still undecoded.
 *
 * @param depth how many try-each or run-sequence levels enclose it; bounded, because each level is a separately
 *              wrapped byte string that the CBOR decoder's own nesting limit does not see
 */
record Command(int label, CBORObject argument, int depth) {
    /** Deeper than any sensible manifest, shallow enough that walking it cannot exhaust the stack. */
    static final int MAX_DEPTH = 16;

    /** Reads a top-level {@code bstr .cbor SUIT_Command_Sequence}'s content: an array of label/argument pairs. */
    static List<Command> parseSequence(byte[] encoded, String what) {
        return parseSequence(encoded, what, 0);
    }

    /** The alternatives of a try-each: two or more wrapped sequences, optionally followed by nil (an empty one). */
    List<List<Command>> alternatives() {
        CBORObject array = Cbor.array(argument, "try-each argument");
        var alternatives = new ArrayList<List<Command>>();
        for (int i = 0; i < array.size(); i++) {
            CBORObject item = array.get(i);
            if (item.isNull() && i == array.size() - 1) {
                alternatives.add(List.of());
            } else {
                alternatives.add(parseSequence(Cbor.bytes(item, "try-each alternative"), "try-each alternative", depth + 1));
            }
        }
        return alternatives;
    }

    /** The wrapped sequence a run-sequence directive runs. */
    List<Command> nestedSequence() {
        return parseSequence(Cbor.bytes(argument, "run-sequence argument"), "run-sequence argument", depth + 1);
    }

    private static List<Command> parseSequence(byte[] encoded, String what, int depth) {
        if (depth > MAX_DEPTH) {
            throw Cbor.malformed(what + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        CBORObject array = Cbor.array(Cbor.decode(encoded, what), what);
        if (array.size() % 2 != 0) {
            throw Cbor.malformed(what + " must hold label/argument pairs, got " + array.size() + " items");
        }
        var commands = new ArrayList<Command>(array.size() / 2);
        for (int i = 0; i < array.size(); i += 2) {
            commands.add(new Command(Cbor.smallInteger(array.get(i), what + " command label"), array.get(i + 1), depth));
        }
        return commands;
    }
}
