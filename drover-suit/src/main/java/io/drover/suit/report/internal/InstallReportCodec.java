package io.drover.suit.report.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.SuitDigest;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportErrors;
import io.drover.suit.report.SuitReport;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link InstallReport} to a SUIT_Report with Drover's text-keyed extensions and back:
 *
 * <pre>
 * "drover-device": tstr, "drover-rollout": uint, "drover-release": uint, "drover-time-ms": uint,
 * ? "drover-reason": tstr, "drover-before": inventory, "drover-after": inventory
 * inventory = { * tstr => { "version": tstr, ? "digest": SUIT_Digest, ? "size": uint } }
 * </pre>
 *
 * Maps are written in deterministic order, like the rest of the report.
 */
public final class InstallReportCodec {
    private static final String DEVICE = "drover-device";
    private static final String ROLLOUT = "drover-rollout";
    private static final String RELEASE = "drover-release";
    private static final String TIME = "drover-time-ms";
    private static final String REASON = "drover-reason";
    private static final String BEFORE = "drover-before";
    private static final String AFTER = "drover-after";
    private static final String VERSION = "version";
    private static final String DIGEST = "digest";
    private static final String SIZE = "size";

    private InstallReportCodec() {
    }

    public static SuitReport toSuitReport(InstallReport report) {
        var extensions = new HashMap<String, CborBytes>();
        extensions.put(DEVICE, encoded(CBORObject.FromObject(report.deviceId())));
        extensions.put(ROLLOUT, encoded(CBORObject.FromObject(report.rolloutId())));
        extensions.put(RELEASE, encoded(CBORObject.FromObject(report.releaseId())));
        extensions.put(TIME, encoded(CBORObject.FromObject(report.deviceTime().toEpochMilli())));
        report.reason().ifPresent(reason -> extensions.put(REASON, encoded(CBORObject.FromObject(reason))));
        extensions.put(BEFORE, encoded(inventory(report.before())));
        extensions.put(AFTER, encoded(inventory(report.after())));
        return new SuitReport(report.manifest().uri(), report.manifest().digest(), Optional.empty(), List.of(),
                report.result(), extensions);
    }

    public static InstallReport fromSuitReport(SuitReport report) {
        Map<String, CborBytes> extensions = report.extensions();
        try {
            return new InstallReport(
                    Cbor.text(required(extensions, DEVICE), DEVICE),
                    Cbor.unsigned(required(extensions, ROLLOUT), ROLLOUT),
                    Cbor.unsigned(required(extensions, RELEASE), RELEASE),
                    Instant.ofEpochMilli(Cbor.unsigned(required(extensions, TIME), TIME)),
                    new ManifestReference(report.manifestUri(), report.manifestDigest()),
                    report.result(),
                    Optional.ofNullable(extensions.get(REASON)).map(r -> Cbor.text(item(r, REASON), REASON)),
                    inventory(required(extensions, BEFORE), BEFORE),
                    inventory(required(extensions, AFTER), AFTER));
        } catch (DroverException e) {
            if (!e.errorCode().equals(SuitErrors.MALFORMED)) {
                throw e;
            }
            throw new DroverException(ReportErrors.MALFORMED, "not a Drover install report: " + e.getMessage(), e);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new DroverException(ReportErrors.MALFORMED, "not a Drover install report: " + e.getMessage(), e);
        }
    }

    private static CBORObject inventory(Map<String, InventoryEntry> inventory) {
        var map = new HashMap<CBORObject, CBORObject>();
        inventory.forEach((component, entry) -> {
            var fields = new HashMap<CBORObject, CBORObject>();
            fields.put(CBORObject.FromObject(VERSION), CBORObject.FromObject(entry.version()));
            entry.image().ifPresent(image -> {
                fields.put(CBORObject.FromObject(DIGEST), SuitDigest.sha256(HexFormat.of().parseHex(image.sha256())));
                fields.put(CBORObject.FromObject(SIZE), CBORObject.FromObject(image.size()));
            });
            map.put(CBORObject.FromObject(component), ReportCodec.sorted(fields));
        });
        return ReportCodec.sorted(map);
    }

    private static Map<String, InventoryEntry> inventory(CBORObject item, String what) {
        var inventory = new HashMap<String, InventoryEntry>();
        for (var entry : Cbor.map(item, what).getEntries()) {
            String component = Cbor.text(entry.getKey(), what + " component");
            CBORObject fields = Cbor.map(entry.getValue(), what + " " + component);
            String version = Cbor.text(fields.get(CBORObject.FromObject(VERSION)), what + " " + component + " version");
            CBORObject digest = fields.get(CBORObject.FromObject(DIGEST));
            CBORObject size = fields.get(CBORObject.FromObject(SIZE));
            if ((digest == null) != (size == null)) {
                throw Cbor.malformed(what + " " + component + " needs both a digest and a size, or neither");
            }
            Optional<InventoryEntry.Image> image = Optional.empty();
            if (digest != null) {
                byte[] sha256 = SuitDigest.decode(digest, what + " " + component + " digest").sha256Bytes()
                        .orElseThrow(() -> Cbor.malformed(what + " " + component + " digest must be SHA-256"));
                image = Optional.of(new InventoryEntry.Image(HexFormat.of().formatHex(sha256),
                        Cbor.unsigned(size, what + " " + component + " size")));
            }
            inventory.put(component, new InventoryEntry(version, image));
        }
        return inventory;
    }

    private static CBORObject required(Map<String, CborBytes> extensions, String key) {
        CborBytes value = extensions.get(key);
        if (value == null) {
            throw Cbor.malformed(key + " is missing");
        }
        return item(value, key);
    }

    private static CBORObject item(CborBytes value, String what) {
        return Cbor.decode(value.encoded(), what);
    }

    private static CborBytes encoded(CBORObject item) {
        return new CborBytes(item.EncodeToBytes());
    }
}
