package io.drover.suit;

import java.util.Objects;

/**
 * One condition or directive of a command sequence, decoded for inspection only.
 *
 * @param name     the draft's name without the "suit-" prefix, e.g. {@code directive-override-parameters};
 *                 {@code command(<key>)} for a label Drover does not know
 * @param key      the CBOR label of the command
 * @param argument a short human-readable rendering of the argument
 */
public record SuitCommand(String name, int key, String argument) {
    public SuitCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argument, "argument");
    }
}
