package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.SuitRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the SUIT_Records a manifest's reporting policies ask for (draft-ietf-suit-manifest-37,
 * SUIT_Rep_Policy bits): bit 0 a record on success, bit 1 on failure, bits 2 and 3 the same with system information,
 * which Drover renders as every parameter the component has at that point rather than only those the command used.
 */
final class Recorder {
    private static final int RECORD_ON_SUCCESS = 1;
    private static final int RECORD_ON_FAILURE = 2;
    private static final int SYSINFO_ON_SUCCESS = 4;
    private static final int SYSINFO_ON_FAILURE = 8;

    private final List<SuitRecord> records = new ArrayList<>();

    List<SuitRecord> records() {
        return List.copyOf(records);
    }

    /** Adds the record for a command that ran, if its policy asks for one. */
    void ran(long policy, boolean succeeded, SuitRecord used, SuitRecord all) {
        long record = succeeded ? RECORD_ON_SUCCESS : RECORD_ON_FAILURE;
        long sysinfo = succeeded ? SYSINFO_ON_SUCCESS : SYSINFO_ON_FAILURE;
        if ((policy & sysinfo) != 0) {
            records.add(all);
        } else if ((policy & record) != 0) {
            records.add(used);
        }
    }

    /** A record of {@code step} (null: of the sequence as a whole) with the parameters in {@code labels} (null: all). */
    static SuitRecord record(List<Long> manifestId, int section, Step step, long component,
            Map<Integer, CBORObject> parameters, Set<Integer> labels) {
        var properties = new HashMap<Integer, CborBytes>();
        parameters.forEach((label, value) -> {
            if (labels == null || labels.contains(label)) {
                properties.put(label, new CborBytes(value.EncodeToBytes()));
            }
        });
        return new SuitRecord(manifestId, section, step == null ? 0 : step.offset(), component, properties);
    }
}
