package io.drover.ledger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head as the ledger API, exports and agents write it in JSON: the size, the timestamp (ISO-8601, UTC),
 * the root hash in hex and the COSE_Sign1 signature in base64.
 */
public record PublishedTreeHead(long size, String timestamp, String rootHash, String signature) {
    public static PublishedTreeHead of(SignedTreeHead signed) {
        TreeHead head = signed.head();
        return new PublishedTreeHead(head.size(), head.timestamp().toString(), HexFormat.of().formatHex(head.rootHash()),
                Base64.getEncoder().encodeToString(signed.signature()));
    }

    /** The head it states; {@link IllegalArgumentException} naming the field that is malformed. */
    public SignedTreeHead toSigned() {
        Instant time;
        byte[] root;
        byte[] sig;
        try {
            time = Instant.parse(required(timestamp, "timestamp"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a tree head's timestamp is not ISO-8601: " + timestamp);
        }
        try {
            root = HexFormat.of().parseHex(required(rootHash, "rootHash"));
            sig = Base64.getDecoder().decode(required(signature, "signature"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a tree head's rootHash must be hex and its signature base64", e);
        }
        return new SignedTreeHead(new TreeHead(size, time, root), sig);
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("a tree head needs its " + name);
        }
        return value;
    }
}
