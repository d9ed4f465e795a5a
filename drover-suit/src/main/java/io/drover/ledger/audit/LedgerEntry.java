package io.drover.ledger.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.drover.ledger.MerkleHashes;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an audit reads from one entry line: where it says it belongs, what it is about, and the few details it checks.
 * The line itself is hashed as it is; nothing here is re-encoded.
 *
 * @param details only the details an audit checks ({@link #CHECKED_DETAILS}), each a string or a boolean
 */
record LedgerEntry(long index, byte[] previous, String kind, String deviceId, Long releaseId, Long rolloutId,
        Map<String, Object> details, byte[] leafHash) {
    static final String KEY_RECORDED = "device.key-recorded";
    static final String INSTALL_REPORTED = "install.reported";
    private static final Set<String> CHECKED_DETAILS = Set.of("publicKeyPem", "status", "signedReport",
            "signatureVerified");
    private static final Set<String> REQUIRED = Set.of("index", "previous", "time", "kind", "actor", "details");
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Reads one entry line; {@link IllegalArgumentException} saying what is wrong unless it is a ledger entry. */
    static LedgerEntry parse(byte[] line) {
        try (JsonParser json = JSON.createParser(line)) {
            return read(json, line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
    }

    private static LedgerEntry read(JsonParser json, byte[] line) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Long index = null;
        byte[] previous = null;
        String kind = null;
        String deviceId = null;
        Long releaseId = null;
        Long rolloutId = null;
        Map<String, Object> details = null;
        Set<String> seen = new HashSet<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            seen.add(field);
            JsonToken value = json.nextToken();
            switch (field) {
                case "index" -> index = number(json, value, field);
                case "previous" -> previous = hash(text(json, value, field));
                case "time", "actor" -> text(json, value, field);
                case "kind" -> kind = text(json, value, field);
                case "deviceId" -> deviceId = text(json, value, field);
                case "releaseId" -> releaseId = number(json, value, field);
                case "rolloutId" -> rolloutId = number(json, value, field);
                case "details" -> details = details(json, value);
                default -> json.skipChildren(); // a field this audit does not read: still covered by the leaf hash
            }
        }
        if (json.nextToken() != null) {
            throw new IllegalArgumentException("more after the entry's object");
        }
        if (!seen.containsAll(REQUIRED)) {
            Set<String> missing = new TreeSet<>(REQUIRED);
            missing.removeAll(seen);
            throw new IllegalArgumentException("no " + String.join(", ", missing));
        }
        return new LedgerEntry(index, previous, kind, deviceId, releaseId, rolloutId, details,
                MerkleHashes.leaf(line));
    }

    private static Map<String, Object> details(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("details is not an object");
        }
        Map<String, Object> details = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken token = json.nextToken();
            if (CHECKED_DETAILS.contains(field) && token.isScalarValue()) {
                details.put(field, token.isBoolean() ? (Object) json.getBooleanValue() : json.getText());
            } else {
                json.skipChildren();
            }
        }
        return details;
    }

    private static long number(JsonParser json, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                && json.getNumberType() != JsonParser.NumberType.LONG || json.getLongValue() < 0) {
            throw new IllegalArgumentException(field + " is not a whole number from 0");
        }
        return json.getLongValue();
    }

    private static String text(JsonParser json, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return json.getText();
    }

    private static byte[] hash(String hex) {
        if (hex.length() != 2 * MerkleHashes.SIZE) {
            throw new IllegalArgumentException("previous is not " + 2 * MerkleHashes.SIZE + " hex digits");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("previous is not " + 2 * MerkleHashes.SIZE + " hex digits");
        }
    }

    /** A string detail, or null when absent or not a string. */
    String detailText(String name) {
        return details.get(name) instanceof String s ? s : null;
    }

    /** Whether the boolean detail {@code name} is present and true. */
    boolean detailTrue(String name) {
        return Boolean.TRUE.equals(details.get(name));
    }
}
