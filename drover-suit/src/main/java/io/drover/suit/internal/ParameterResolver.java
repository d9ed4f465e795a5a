package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Follows the parameter-setting directives of command sequences to find each component's effective parameters,
 * without evaluating any condition. A try-each counts its first alternative, which is what a processor tries first.
 * Indices beyond the component list (e.g. dependencies in trust-domains manifests) are ignored.
 */
final class ParameterResolver {
    private final int componentCount;
    private final List<Map<Integer, CBORObject>> parameters = new ArrayList<>();
    private Set<Integer> selected = Set.of(0);

    ParameterResolver(int componentCount) {
        this.componentCount = componentCount;
        for (int i = 0; i < componentCount; i++) {
            parameters.add(new HashMap<>());
        }
    }

    /** Runs one top-level sequence; like a processor, each starts with component 0 selected. */
    void run(List<Command> sequence) {
        selected = Set.of(0);
        execute(sequence);
    }

    Map<Integer, CBORObject> parametersOf(int index) {
        return Map.copyOf(parameters.get(index));
    }

    private void execute(List<Command> commands) {
        for (Command command : commands) {
            switch (command.label()) {
                case SuitLabels.SET_COMPONENT_INDEX -> selected = indices(command.argument());
                case SuitLabels.OVERRIDE_PARAMETERS -> apply(selected, command.argument(), Map::put);
                case SuitLabels.SET_PARAMETERS -> apply(selected, command.argument(), Map::putIfAbsent);
                case SuitLabels.OVERRIDE_MULTIPLE -> {
                    for (var entry : Cbor.map(command.argument(), "override-multiple argument").getEntries()) {
                        int index = Cbor.smallInteger(entry.getKey(), "override-multiple component index");
                        apply(Set.of(index), entry.getValue(), Map::put);
                    }
                }
                case SuitLabels.TRY_EACH -> command.alternatives().stream().findFirst().ifPresent(this::execute);
                case SuitLabels.RUN_SEQUENCE -> execute(command.nestedSequence());
                default -> {
                    // conditions and other directives do not set parameters
                }
            }
        }
    }

    private void apply(Set<Integer> indices, CBORObject argument, Setter setter) {
        Map<Integer, CBORObject> values = Parameters.read(argument, "parameters");
        for (int index : indices) {
            if (index >= 0 && index < componentCount) {
                values.forEach((label, value) -> setter.set(parameters.get(index), label, value));
            }
        }
    }

    /** How a directive writes one parameter: override, or set only when still unset. */
    @FunctionalInterface
    private interface Setter {
        void set(Map<Integer, CBORObject> parameters, Integer label, CBORObject value);
    }

    /** IndexArg: a uint, {@code true} for every component, or an array of uints. */
    private Set<Integer> indices(CBORObject argument) {
        if (argument.getType() == CBORType.Boolean && argument.isTrue()) {
            return Set.copyOf(IntStream.range(0, componentCount).boxed().toList());
        }
        if (argument.getType() == CBORType.Array) {
            var indices = new TreeSet<Integer>();
            for (CBORObject item : argument.getValues()) {
                indices.add(Cbor.smallInteger(item, "component index"));
            }
            return indices;
        }
        return Set.of(Cbor.smallInteger(argument, "component index"));
    }
}
