package io.drover.suit.processor.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.internal.Cbor;
import io.drover.suit.processor.ConditionProvider;
import io.drover.suit.processor.WaitEvent;
import io.drover.suit.report.CborBytes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** The judgements of draft-ietf-suit-update-management-14 that need no platform storage: versions and waits. */
final class UpdateManagement {
    private static final int TIME = 5;
    private static final int TIME_OF_DAY = 6;
    private static final int DAY_OF_WEEK = 7;
    private static final int TIME_OF_DAY_UTC = 8;
    private static final int DAY_OF_WEEK_UTC = 9;

    private UpdateManagement() {
    }

    /**
     * Whether {@code installed} satisfies a SUIT_Parameter_Version_Match {@code [type, [+int]]}. Versions compare
     * element by element, a missing trailing element counting as 0, so [1, 0] equals [1, 0, 0].
     */
    static boolean versionMatches(CBORObject match, List<Long> installed) {
        CBORObject array = Cbor.array(match, "version match");
        if (array.size() != 2) {
            throw Cbor.malformed("version match needs a comparison type and a value");
        }
        int type = Cbor.smallInteger(array.get(0), "version comparison type");
        List<Long> wanted = ManifestView.integers(array.get(1), "version comparison value");
        int order = compare(installed, wanted);
        return switch (type) {
            case 1 -> order > 0;
            case 2 -> order >= 0;
            case 3 -> order == 0;
            case 4 -> order <= 0;
            case 5 -> order < 0;
            default -> throw Cbor.malformed("unknown version comparison type " + type);
        };
    }

    static int compare(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int order = Long.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /**
     * The first event of a SUIT_Wait_Event map that does not hold, or empty when all hold. Time events are judged
     * against {@code clock}: an absolute time holds from that second on; a time of day holds from that second of the
     * day to midnight; a day of week (0 = Sunday) holds all that day. Local variants use the clock's zone.
     */
    static Optional<String> pendingEvent(CBORObject waitInfo, Clock clock, ConditionProvider conditions) {
        Instant now = clock.instant();
        for (var entry : Cbor.map(waitInfo, "wait-info").getEntries()) {
            int label = Cbor.smallInteger(entry.getKey(), "wait event");
            CBORObject argument = entry.getValue();
            boolean holds = switch (label) {
                case TIME -> now.getEpochSecond() >= Cbor.unsigned(argument, "wait time");
                case TIME_OF_DAY -> secondOfDay(now.atZone(clock.getZone())) >= Cbor.unsigned(argument, "time of day");
                case TIME_OF_DAY_UTC ->
                        secondOfDay(now.atZone(ZoneOffset.UTC)) >= Cbor.unsigned(argument, "time of day");
                case DAY_OF_WEEK -> dayOfWeek(now.atZone(clock.getZone())) == Cbor.unsigned(argument, "day of week");
                case DAY_OF_WEEK_UTC -> dayOfWeek(now.atZone(ZoneOffset.UTC)) == Cbor.unsigned(argument, "day");
                default -> conditions.holds(new WaitEvent(label, new CborBytes(argument.EncodeToBytes())));
            };
            if (!holds) {
                return Optional.of("wait event " + label + " (" + Cbor.abbreviate(argument) + ") does not hold yet");
            }
        }
        return Optional.empty();
    }

    private static long secondOfDay(ZonedDateTime time) {
        return time.toLocalTime().toSecondOfDay();
    }

    /** Days since Sunday, as SUIT counts them. */
    private static long dayOfWeek(ZonedDateTime time) {
        return time.getDayOfWeek().getValue() % 7;
    }
}
