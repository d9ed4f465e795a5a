package io.drover.suit.report.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import io.drover.suit.internal.Cbor;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.ReportErrors;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.SuitRecord;
import io.drover.suit.report.SuitReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SUIT_Report to CBOR and back (draft-ietf-suit-report-18). Encoding is deterministic (RFC 8949 section 4.2.1: map keys
 * sorted by their encoded bytes, preferred serialization), so equal reports sign to equal bytes.
 */
public final class ReportCodec {
    private static final int NONCE = 2;
    private static final int RECORDS = 3;
    private static final int RESULT = 4;
    private static final int RESULT_CODE = 5;
    private static final int RESULT_RECORD = 6;
    private static final int RESULT_REASON = 7;
    private static final int REFERENCE = 99;
    private static final Comparator<CBORObject> DETERMINISTIC =
            (a, b) -> Arrays.compareUnsigned(a.EncodeToBytes(), b.EncodeToBytes());

    private ReportCodec() {
    }

    public static byte[] encode(SuitReport report) {
        var map = new HashMap<CBORObject, CBORObject>();
        map.put(CBORObject.FromObject(REFERENCE), CBORObject.NewArray()
                .Add(report.manifestUri())
                .Add(CBORObject.DecodeFromBytes(report.manifestDigest().encoded())));
        report.nonce().ifPresent(n -> map.put(CBORObject.FromObject(NONCE), CBORObject.DecodeFromBytes(n.encoded())));
        CBORObject records = CBORObject.NewArray();
        report.records().forEach(r -> records.Add(record(r)));
        map.put(CBORObject.FromObject(RECORDS), records);
        report.extensions().forEach((key, value) ->
                map.put(CBORObject.FromObject(key), CBORObject.DecodeFromBytes(value.encoded())));
        map.put(CBORObject.FromObject(RESULT), switch (report.result()) {
            case ReportResult.Success success -> CBORObject.True;
            case ReportResult.Failure failure -> sorted(Map.of(
                    CBORObject.FromObject(RESULT_CODE), CBORObject.FromObject(failure.code()),
                    CBORObject.FromObject(RESULT_RECORD), record(failure.record()),
                    CBORObject.FromObject(RESULT_REASON), CBORObject.FromObject(failure.reason().value())));
        });
        return sorted(map).EncodeToBytes();
    }

    /** {@link DroverException} with {@link ReportErrors#MALFORMED} unless {@code encoded} is a SUIT_Report. */
    public static SuitReport decode(byte[] encoded) {
        try {
            CBORObject map = Cbor.map(Cbor.decode(encoded, "SUIT_Report"), "SUIT_Report");
            CBORObject reference = Cbor.array(Cbor.required(map, REFERENCE, "suit-reference"), "suit-reference");
            if (reference.size() != 2) {
                throw Cbor.malformed("suit-reference must hold a URI and a digest");
            }
            var records = new ArrayList<SuitRecord>();
            for (CBORObject item : Cbor.array(Cbor.required(map, RECORDS, "suit-report-records"), "records").getValues()) {
                records.add(record(item));
            }
            CBORObject nonce = Cbor.optional(map, NONCE);
            return new SuitReport(Cbor.text(reference.get(0), "manifest URI"),
                    new CborBytes(reference.get(1).EncodeToBytes()),
                    Optional.ofNullable(nonce).map(ReportCodec::nonce),
                    records, result(Cbor.required(map, RESULT, "suit-report-result")), extensions(map));
        } catch (DroverException e) {
            if (!e.errorCode().equals(SuitErrors.MALFORMED)) {
                throw e;
            }
            throw new DroverException(ReportErrors.MALFORMED, e.getMessage(), e);
        }
    }

    private static Map<String, CborBytes> extensions(CBORObject map) {
        var extensions = new HashMap<String, CborBytes>();
        for (var entry : map.getEntries()) {
            if (entry.getKey().getType() == CBORType.TextString && !entry.getKey().isTagged()) {
                extensions.put(entry.getKey().AsString(), new CborBytes(entry.getValue().EncodeToBytes()));
            }
        }
        return extensions;
    }

    private static CborBytes nonce(CBORObject item) {
        Cbor.bytes(item, "suit-report-nonce");
        return new CborBytes(item.EncodeToBytes());
    }

    private static ReportResult result(CBORObject item) {
        if (item.getType() == CBORType.Boolean && item.isTrue()) {
            return new ReportResult.Success();
        }
        CBORObject map = Cbor.map(item, "suit-report-result");
        long reason = Cbor.integer(Cbor.required(map, RESULT_REASON, "result reason"), "result reason");
        return new ReportResult.Failure(Cbor.smallInteger(Cbor.required(map, RESULT_CODE, "result code"), "result code"),
                record(Cbor.required(map, RESULT_RECORD, "result record")),
                ReportReason.of(reason).orElseThrow(() -> Cbor.malformed("unknown report reason " + reason)));
    }

    private static CBORObject record(SuitRecord record) {
        CBORObject id = CBORObject.NewArray();
        record.manifestId().forEach(id::Add);
        var properties = new HashMap<CBORObject, CBORObject>();
        record.properties().forEach((label, value) ->
                properties.put(CBORObject.FromObject(label), CBORObject.DecodeFromBytes(value.encoded())));
        return CBORObject.NewArray()
                .Add(id)
                .Add(record.section())
                .Add(record.offset())
                .Add(record.componentIndex())
                .Add(sorted(properties));
    }

    private static SuitRecord record(CBORObject item) {
        CBORObject array = Cbor.array(item, "SUIT_Record (system-property-claims are not read)");
        if (array.size() < 5) {
            throw Cbor.malformed("SUIT_Record needs 5 elements, got " + array.size());
        }
        var id = new ArrayList<Long>();
        for (CBORObject index : Cbor.array(array.get(0), "record manifest id").getValues()) {
            id.add(Cbor.unsigned(index, "record manifest id"));
        }
        var properties = new HashMap<Integer, CborBytes>();
        for (var entry : Cbor.map(array.get(4), "record properties").getEntries()) {
            properties.put(Cbor.smallInteger(entry.getKey(), "property label"),
                    new CborBytes(entry.getValue().EncodeToBytes()));
        }
        return new SuitRecord(id, Cbor.smallInteger(array.get(1), "record section"),
                Cbor.unsigned(array.get(2), "record offset"), Cbor.unsigned(array.get(3), "record component index"),
                properties);
    }

    /** A map with its keys in deterministic order (RFC 8949 section 4.2.1), as every Drover report map is written. */
    public static CBORObject sorted(Map<CBORObject, CBORObject> entries) {
        CBORObject map = CBORObject.NewOrderedMap();
        List<CBORObject> keys = new ArrayList<>(entries.keySet());
        keys.sort(DETERMINISTIC);
        keys.forEach(key -> map.Add(key, entries.get(key)));
        return map;
    }
}
