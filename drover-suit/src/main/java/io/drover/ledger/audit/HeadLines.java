package io.drover.ledger.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import java.io.IOException;
import java.util.Iterator;

/** Signed heads read from JSON lines ({@code {"size":…,"timestamp":…,"rootHash":…,"signature":…}}), one per line. */
public final class HeadLines {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private HeadLines() {}

    /** One head; {@link IllegalArgumentException} saying what is wrong unless the line is one. */
    public static SignedTreeHead parse(byte[] line) {
        Long size = null;
        String timestamp = null;
        String rootHash = null;
        String signature = null;
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "size" -> size = value == JsonToken.VALUE_NUMBER_INT && json.getNumberType()
                            != JsonParser.NumberType.BIG_INTEGER ? json.getLongValue() : null;
                    case "timestamp" -> timestamp = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "rootHash" -> rootHash = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "signature" -> signature = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("more after the head's object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
        if (size == null) {
            throw new IllegalArgumentException("a tree head needs its size, a whole number");
        }
        return new PublishedTreeHead(size, timestamp, rootHash, signature).toSigned();
    }

    /**
     * The heads of {@code lines}, parsed as they are taken; a line that is no head raises
     * {@link IllegalArgumentException} naming {@code source} and the line number.
     */
    public static Iterator<SignedTreeHead> parsing(Iterator<byte[]> lines, String source) {
        return new Iterator<>() {
            private long lineNumber;

            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public SignedTreeHead next() {
                byte[] line = lines.next();
                lineNumber++;
                try {
                    return parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
