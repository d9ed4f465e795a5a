package io.drover.server.ledger;

import static io.drover.server.access.Role.AUDITOR;

import io.drover.error.DroverException;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.web.PathParams;
import io.drover.server.web.WebErrors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Management API of the ledger: its public key, signed heads, entries exactly as hashed, proofs, and forensic
 * questions answered with proofs. Entries and heads are answered as JSON lines, the export format, so an export is
 * these pages written one after the other. Auditors (and administrators) read them;
 * devices get the latest head with the proof that it extends the one they kept ({@code /device/v1/ledger/head},
 * behind the device API's token check).
 */
public final class LedgerRoutes {
    /** The most entries or heads one page carries. */
    static final int MAX_PAGE = 10_000;
    private static final String JSON_LINES = "application/x-ndjson";

    private final Ledger ledger;
    private final Forensics forensics;
    private final Clock clock;

    public LedgerRoutes(Ledger ledger, Forensics forensics, Clock clock) {
        this.ledger = ledger;
        this.forensics = forensics;
        this.clock = clock;
    }

    /** The ledger's public key, for verifiers. */
    public record PublicKey(String algorithm, String keyId, String publicKeyPem) {}

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/ledger/key", ctx -> ctx.json(new PublicKey(ledger.publicKey().algorithm().name(),
                ledger.publicKey().keyId(), ledger.publicKey().toPem())), AUDITOR);
        routes.get("/api/v1/ledger/head", ctx -> ctx.json(PublishedTreeHead.of(ledger.latestHead())), AUDITOR);
        routes.get("/api/v1/ledger/heads", ctx -> {
            List<SignedTreeHead> heads = ledger.heads(longParam(ctx, "from", 0), limit(ctx));
            ctx.contentType(JSON_LINES).result(lines(heads.stream()
                    .map(head -> ctx.jsonMapper().toJsonString(PublishedTreeHead.of(head), PublishedTreeHead.class)
                            .getBytes(StandardCharsets.UTF_8))
                    .toList()));
        }, AUDITOR);
        routes.get("/api/v1/ledger/entries", ctx -> ctx.contentType(JSON_LINES)
                .result(lines(ledger.entries(longParam(ctx, "from", 0), limit(ctx)))), AUDITOR);
        routes.get("/api/v1/ledger/proofs/inclusion", ctx -> {
            long index = requiredLong(ctx, "index");
            long size = requiredLong(ctx, "size");
            ctx.json(PublishedProof.of(PublishedProof.INCLUSION, index, size, ledger.inclusionProof(index, size)));
        }, AUDITOR);
        routes.get("/api/v1/ledger/proofs/consistency", ctx -> {
            long first = requiredLong(ctx, "first");
            long second = requiredLong(ctx, "second");
            ctx.json(PublishedProof.of(PublishedProof.CONSISTENCY, first, second,
                    ledger.consistencyProof(first, second)));
        }, AUDITOR);
        routes.get("/api/v1/forensics/devices/{id}", ctx -> ctx.json(
                forensics.deviceAt(ctx.pathParam("id"), instantParam(ctx, "at").orElseGet(clock::instant))), AUDITOR);
        routes.get("/api/v1/forensics/releases/{id}/devices", ctx -> ctx.json(forensics.devicesThatRan(
                PathParams.longParam(ctx, "id"), instantParam(ctx, "from").orElse(Instant.EPOCH),
                instantParam(ctx, "to").orElseGet(clock::instant))), AUDITOR);
        routes.get("/device/v1/ledger/head", this::deviceHead);
    }

    private static Optional<Instant> instantParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-11-28T12:00:00Z, not '" + value + "'");
        }
    }

    private void deviceHead(Context ctx) {
        ctx.json(ledger.deviceHead(longParam(ctx, "since", 0)));
    }

    private static byte[] lines(List<byte[]> items) {
        var out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            out.writeBytes(item);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static int limit(Context ctx) {
        long limit = longParam(ctx, "limit", 1_000);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "limit must be 1.." + MAX_PAGE + ", not " + limit);
        }
        return (int) limit;
    }

    private static long requiredLong(Context ctx, String name) {
        if (ctx.queryParam(name) == null) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "the query parameter '" + name + "' is required");
        }
        return longParam(ctx, name, 0);
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "'" + name + "' must be a whole number, not '" + value + "'");
        }
    }
}
