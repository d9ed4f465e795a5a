package io.drover.suit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A SUIT_Component_Identifier: a list of byte-string segments naming one component on a device. Equal by content.
 * Segments are copied in and out, so an instance never changes.
 */
public record ComponentId(List<byte[]> segments) {
    public ComponentId {
        segments = segments.stream().map(s -> Objects.requireNonNull(s, "segment").clone()).toList();
    }

    /** Drover's own components: one segment holding the UTF-8 of {@code name}. */
    public static ComponentId named(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("component name must not be empty");
        }
        return new ComponentId(List.of(name.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<byte[]> segments() {
        return segments.stream().map(byte[]::clone).toList();
    }

    /**
     * {@code app} or {@code boot/app} when every segment is printable UTF-8 without '/', so the name reads back
     * unambiguously; otherwise every segment as {@code h'00'} hex, joined by '/'.
     */
    public String displayName() {
        if (segments.isEmpty()) {
            return "[]";
        }
        boolean printable = segments.stream().allMatch(ComponentId::isPrintable);
        return segments.stream()
                .map(s -> printable ? new String(s, StandardCharsets.UTF_8) : "h'" + HexFormat.of().formatHex(s) + "'")
                .collect(Collectors.joining("/"));
    }

    private static boolean isPrintable(byte[] segment) {
        if (segment.length == 0) {
            return false;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(segment))
                    .toString();
            return text.codePoints().allMatch(c -> c != '/' && !Character.isISOControl(c) && !Character.isWhitespace(c));
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ComponentId other) || other.segments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!Arrays.equals(segments.get(i), other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return segments.stream().mapToInt(Arrays::hashCode).reduce(1, (h, s) -> 31 * h + s);
    }

    @Override
    public String toString() {
        return "ComponentId[" + displayName() + "]";
    }
}
