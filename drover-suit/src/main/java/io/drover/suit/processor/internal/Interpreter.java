package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.ComponentId;
import io.drover.suit.internal.Cbor;
import io.drover.suit.processor.ComponentRef;
import io.drover.suit.processor.ProcessorErrors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.SuitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the command sequences of one manifest (draft-ietf-suit-manifest-37): each top-level sequence starts with
 * component 0 selected and no parameters, runs the shared sequence, then its own commands. Parameter directives and
 * control flow live here; conditions and directives on a component are {@link ComponentCommands}; dependencies are
 * {@link Dependencies}.
 */
public final class Interpreter {
    /** Conditions and directives whose argument is a SUIT_Rep_Policy, each run once per selected component. */
    static final Set<Integer> PER_COMPONENT = Set.of(Labels.VENDOR_IDENTIFIER, Labels.CLASS_IDENTIFIER,
            Labels.IMAGE_MATCH, Labels.USE_BEFORE, Labels.COMPONENT_SLOT, Labels.CHECK_CONTENT,
            Labels.DEPENDENCY_INTEGRITY, Labels.IS_DEPENDENCY, Labels.ABORT, Labels.DEVICE_IDENTIFIER,
            Labels.IMAGE_NOT_MATCH, Labels.MINIMUM_BATTERY, Labels.UPDATE_AUTHORIZED, Labels.VERSION,
            Labels.PROCESS_DEPENDENCY, Labels.WRITE, Labels.FETCH, Labels.COPY, Labels.INVOKE_DIRECTIVE, Labels.WAIT,
            Labels.SWAP);
    private static final Set<Integer> CONTROL = Set.of(Labels.SET_COMPONENT_INDEX, Labels.TRY_EACH,
            Labels.SET_PARAMETERS, Labels.OVERRIDE_PARAMETERS, Labels.RUN_SEQUENCE, Labels.OVERRIDE_MULTIPLE,
            Labels.COPY_PARAMS);

    final Session session;
    final ManifestView view;
    final List<Long> manifestId;
    private final ComponentCommands commands;
    private final Dependencies dependencies;
    private int topLevel;
    private int section;
    private final Map<Integer, Map<Integer, CBORObject>> parameters = new HashMap<>();
    private List<Integer> selected = List.of(0);

    public Interpreter(Session session, ManifestView view, List<Long> manifestId) {
        this.session = session;
        this.view = view;
        this.manifestId = List.copyOf(manifestId);
        this.commands = new ComponentCommands(this);
        this.dependencies = new Dependencies(this);
    }

    /**
     * The first command label in the shared sequence or in one of {@code labels}' sequences that this processor does
     * not implement, checked before a run so that an unknown command refuses the manifest before anything is
     * written. Sequences the run will not use are not judged. Reading the bodies checks severed ones, so a missing or
     * mismatched member also stops the run here ({@link DroverException}).
     */
    public static OptionalLong firstUnsupported(ManifestView view, Collection<Integer> labels) {
        var bodies = new ArrayList<byte[]>();
        view.shared().ifPresent(bodies::add);
        labels.stream().filter(view::has).forEach(label -> bodies.add(view.body(label)));
        for (byte[] body : bodies) {
            OptionalLong found = firstUnsupported(Step.parse(body, "command sequence"));
            if (found.isPresent()) {
                return found;
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong firstUnsupported(List<Step> steps) {
        for (Step step : steps) {
            if (!PER_COMPONENT.contains(step.label()) && !CONTROL.contains(step.label())) {
                return OptionalLong.of(step.label());
            }
            List<List<Step>> nested = step.label() == Labels.TRY_EACH ? step.alternatives()
                    : step.label() == Labels.RUN_SEQUENCE ? List.of(step.nested()) : List.of();
            for (List<Step> sequence : nested) {
                OptionalLong found = firstUnsupported(sequence);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Runs the sequence with this member label, after the shared sequence; nothing if the manifest lacks it. */
    public void run(int label) {
        if (!view.has(label)) {
            return;
        }
        byte[] body;
        try {
            body = view.body(label);
        } catch (DroverException e) {
            ReportReason reason = e.errorCode().equals(ProcessorErrors.MEMBER_MISSING)
                    ? ReportReason.SEVERING_UNSUPPORTED : ReportReason.UNAUTHORISED;
            throw new Halt(e.errorCode(), reason,
                    Recorder.record(manifestId, label, null, 0, Map.of(), Set.of()), e.getMessage(), false);
        }
        topLevel = label;
        parameters.clear();
        selected = List.of(0);
        section = Labels.SHARED_SEQUENCE;
        view.shared().ifPresent(shared -> execute(Step.parse(shared, "shared-sequence")));
        section = label;
        execute(Step.parse(body, "sequence " + label));
    }

    int topLevel() {
        return topLevel;
    }

    private void execute(List<Step> steps) {
        for (Step step : steps) {
            switch (step.label()) {
                case Labels.SET_COMPONENT_INDEX -> selected = indices(step);
                case Labels.OVERRIDE_PARAMETERS -> selected.forEach(i -> params(i).putAll(read(step.argument())));
                case Labels.SET_PARAMETERS -> selected.forEach(i -> read(step.argument()).forEach(params(i)::putIfAbsent));
                case Labels.OVERRIDE_MULTIPLE -> {
                    for (var entry : Cbor.map(step.argument(), "override-multiple").getEntries()) {
                        params(index(entry.getKey(), step)).putAll(read(entry.getValue()));
                    }
                }
                case Labels.COPY_PARAMS -> copyParams(step);
                case Labels.TRY_EACH -> tryEach(step);
                case Labels.RUN_SEQUENCE -> {
                    List<Integer> outer = selected;
                    for (int i : outer) {
                        selected = List.of(i);
                        execute(step.nested());
                    }
                    selected = outer;
                }
                default -> selected.forEach(i -> perform(step, i));
            }
        }
    }

    /**
     * Tries each alternative until one runs to its end. An alternative that fails a condition leaves no trace but
     * its records: its parameters are restored and what it staged first is discarded.
     */
    private void tryEach(Step step) {
        Halt last = null;
        for (List<Step> alternative : step.alternatives()) {
            var savedParameters = new HashMap<Integer, Map<Integer, CBORObject>>();
            parameters.forEach((i, p) -> savedParameters.put(i, new HashMap<>(p)));
            List<Integer> savedSelection = selected;
            Set<ComponentRef> savedStaged = Set.copyOf(session.stagedInOrder());
            try {
                execute(alternative);
                return;
            } catch (Halt halt) {
                if (!halt.isSoft()) {
                    throw halt;
                }
                last = halt;
                parameters.clear();
                parameters.putAll(savedParameters);
                selected = savedSelection;
                try {
                    session.discardStagedSince(savedStaged);
                } catch (IOException e) {
                    throw fail(step, selected.getFirst(), ProcessorErrors.OPERATION_FAILED,
                            ReportReason.OPERATION_FAILED, "discarding a failed alternative failed: " + e.getMessage());
                }
            }
        }
        if (last != null) {
            throw last;
        }
    }

    private void copyParams(Step step) {
        for (var entry : Cbor.map(step.argument(), "copy-params").getEntries()) {
            Map<Integer, CBORObject> source = params(index(entry.getKey(), step));
            for (CBORObject label : Cbor.array(entry.getValue(), "copy-params labels").getValues()) {
                int parameter = Cbor.smallInteger(label, "copy-params label");
                if (source.containsKey(parameter)) {
                    selected.forEach(i -> params(i).put(parameter, source.get(parameter)));
                }
            }
        }
    }

    private void perform(Step step, int component) {
        long policy = step.argument().getType() == CBORType.Integer ? Cbor.integer(step.argument(), "policy") : 0;
        try {
            if (Labels.PROCESS_DEPENDENCY == step.label() || Labels.DEPENDENCY_INTEGRITY == step.label()
                    || Labels.IS_DEPENDENCY == step.label() || view.dependencies().containsKey(component)) {
                dependencies.perform(step, component);
            } else {
                commands.perform(step, component);
            }
            session.recorder.ran(policy, true, record(step, component, true), record(step, component, false));
        } catch (Halt halt) {
            session.recorder.ran(policy, false, record(step, component, true), record(step, component, false));
            throw halt;
        }
    }

    Map<Integer, CBORObject> params(int component) {
        if (!isComponent(component) && !view.dependencies().containsKey(component)) {
            throw new Halt(ProcessorErrors.PARAMETER_INVALID, ReportReason.COMPONENT_UNSUPPORTED,
                    Recorder.record(manifestId, section, null, Math.max(component, 0), Map.of(), Set.of()),
                    "component index " + component + " names neither a component nor a dependency", false);
        }
        return parameters.computeIfAbsent(component, i -> new HashMap<>());
    }

    boolean isComponent(int index) {
        return index >= 0 && index < view.components().size();
    }

    ComponentId componentId(int index) {
        return view.components().get(index);
    }

    /** Where a command on this component reads or writes: the component in the slot its parameters name. */
    ComponentRef ref(int component) {
        CBORObject slot = params(component).get(Labels.P_COMPONENT_SLOT);
        return new ComponentRef(componentId(component), slot == null ? OptionalLong.empty()
                : OptionalLong.of(Cbor.unsigned(slot, "component-slot parameter")));
    }

    /** A parameter the command cannot do without. */
    CBORObject required(Step step, int component, int label, String name) {
        CBORObject value = params(component).get(label);
        if (value == null) {
            throw fail(step, component, ProcessorErrors.PARAMETER_INVALID, ReportReason.PARAMETER_UNSUPPORTED,
                    "command " + step.label() + " needs the " + name + " parameter, which is not set");
        }
        return value;
    }

    Halt fail(Step step, int component, ErrorCode code, ReportReason reason, String message) {
        return new Halt(code, reason, record(step, component, true), message, false);
    }

    Halt conditionFailed(Step step, int component, String message) {
        return fail(step, component, ProcessorErrors.CONDITION_FAILED, ReportReason.CONDITION_FAILED, message);
    }

    Halt deferred(Step step, int component, String message) {
        return new Halt(ProcessorErrors.DEFERRED, ReportReason.CONDITION_FAILED, record(step, component, true),
                message, true);
    }

    /** The record of a command: with only the parameters it uses, or with every parameter of the component. */
    private SuitRecord record(Step step, int component, boolean usedOnly) {
        Map<Integer, CBORObject> values = parameters.getOrDefault(component, Map.of());
        return Recorder.record(manifestId, section, step, Math.max(component, 0), values,
                usedOnly ? ComponentCommands.usedParameters(step.label()) : null);
    }

    private static Map<Integer, CBORObject> read(CBORObject map) {
        var values = new HashMap<Integer, CBORObject>();
        for (var entry : Cbor.map(map, "parameters").getEntries()) {
            values.put(Cbor.smallInteger(entry.getKey(), "parameter label"), entry.getValue());
        }
        return values;
    }

    /** IndexArg: a uint, {@code true} for every component, or an array of uints. */
    private List<Integer> indices(Step step) {
        CBORObject argument = step.argument();
        if (argument.getType() == CBORType.Boolean && argument.isTrue()) {
            var all = new ArrayList<Integer>();
            for (int i = 0; i < view.components().size(); i++) {
                all.add(i);
            }
            return all;
        }
        if (argument.getType() == CBORType.Array) {
            var indices = new TreeSet<Integer>();
            argument.getValues().forEach(item -> indices.add(index(item, step)));
            return List.copyOf(indices);
        }
        return List.of(index(argument, step));
    }

    private int index(CBORObject item, Step step) {
        int index = Cbor.smallInteger(item, "component index");
        params(index);
        return index;
    }
}
