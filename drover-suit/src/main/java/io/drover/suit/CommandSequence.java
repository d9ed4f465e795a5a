package io.drover.suit;

import java.util.List;
import java.util.Objects;

/**
 * One command sequence of a manifest, e.g. {@code shared-sequence} (4), {@code validate} (7), {@code install} (20).
 *
 * @param severed  true when the manifest holds only the sequence's digest and the envelope does not carry the body;
 *                 then {@code commands} is empty
 */
public record CommandSequence(String name, int key, boolean severed, List<SuitCommand> commands) {
    public CommandSequence {
        Objects.requireNonNull(name, "name");
        commands = List.copyOf(commands);
        if (severed && !commands.isEmpty()) {
            throw new IllegalArgumentException("a severed sequence has no commands");
        }
    }
}
