package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.SuitCommand;
import java.util.List;
import java.util.stream.Collectors;

/** Renders decoded commands as {@link SuitCommand}s, with nested sequences spelled out inline. */
final class CommandRenderer {
    private CommandRenderer() {
    }

    static List<SuitCommand> render(List<Command> commands) {
        return commands.stream()
                .map(c -> new SuitCommand(SuitLabels.command(c.label()), c.label(), argument(c)))
                .toList();
    }

    private static String argument(Command command) {
        return switch (command.label()) {
            case SuitLabels.TRY_EACH -> command.alternatives().stream()
                    .map(CommandRenderer::inline)
                    .collect(Collectors.joining(" | ", "[", "]"));
            case SuitLabels.RUN_SEQUENCE -> inline(command.nestedSequence());
            case SuitLabels.OVERRIDE_PARAMETERS, SuitLabels.SET_PARAMETERS -> parameters(command.argument());
            case SuitLabels.OVERRIDE_MULTIPLE -> Cbor.map(command.argument(), "override-multiple argument")
                    .getEntries().stream()
                    .map(e -> Cbor.abbreviate(e.getKey()) + ": " + parameters(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> Cbor.abbreviate(command.argument());
        };
    }

    private static String inline(List<Command> sequence) {
        return render(sequence).stream()
                .map(c -> c.name() + " " + c.argument())
                .collect(Collectors.joining("; ", "(", ")"));
    }

    private static String parameters(CBORObject map) {
        return Parameters.read(map, "parameters").entrySet().stream()
                .map(e -> SuitLabels.parameter(e.getKey()) + ": " + Parameters.render(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
