package io.drover.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one JSON object of the agent's config file, naming the offending field in every error so that an operator
 * can fix the file without reading code. Relative paths are resolved against the config file's directory.
 */
final class ConfigReader {
    static final ErrorCode INVALID_CONFIG = new ErrorCode("cli.invalid-agent-config", ErrorCode.Category.MALFORMED);

    private final JsonNode node;
    private final String path;
    private final Path baseDir;

    ConfigReader(JsonNode node, String path, Path baseDir, Set<String> allowedFields) {
        if (!node.isObject()) {
            throw invalid(path, "must be an object");
        }
        this.node = node;
        this.path = path;
        this.baseDir = baseDir;
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw invalid(field(name), "is not a known setting (known: " + String.join(", ",
                        allowedFields.stream().sorted().toList()) + ")");
            }
        }
    }

    static DroverException invalid(String field, String problem) {
        return new DroverException(INVALID_CONFIG, "agent config: " + field + " " + problem);
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> invalid(field(name), "is required"));
    }

    Optional<String> optionalText(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field(name), "must be a non-empty string");
        }
        return Optional.of(value.asText());
    }

    /** Parses a required text value, turning the parser's complaint into a config error. */
    <T> T parsed(String name, String expected, Function<String, T> parser) {
        return optionalParsed(name, expected, parser).orElseThrow(() -> invalid(field(name), "is required"));
    }

    <T> Optional<T> optionalParsed(String name, String expected, Function<String, T> parser) {
        return optionalText(name).map(text -> parse(name, text, expected, parser));
    }

    /** Like {@link #optionalParsed}, and a JSON number is parsed from its text too. */
    <T> Optional<T> optionalParsedTextOrNumber(String name, String expected, Function<String, T> parser) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isTextual() && !value.isNumber()) {
            throw invalid(field(name), "must be " + expected + ", not " + value);
        }
        return Optional.of(parse(name, value.asText(), expected, parser));
    }

    private <T> T parse(String name, String text, String expected, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw invalid(field(name), "must be " + expected + ", not \"" + text + "\"");
        }
    }

    Optional<Duration> optionalDuration(String name) {
        Optional<Duration> value = optionalParsed(name, "an ISO-8601 duration such as PT30S", Duration::parse);
        if (value.isPresent() && !value.get().isPositive()) {
            throw invalid(field(name), "must be positive");
        }
        return value;
    }

    Path path(String name) {
        return baseDir.resolve(text(name));
    }

    Optional<Path> optionalPath(String name) {
        return optionalText(name).map(baseDir::resolve);
    }

    List<String> texts(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = node.get(name);
        if (!value.isArray()) {
            throw invalid(field(name), "must be a list of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isBlank()) {
                throw invalid(field(name), "must be a list of non-empty strings");
            }
            texts.add(element.asText());
        }
        return texts;
    }

    List<Path> paths(String name) {
        return texts(name).stream().map(baseDir::resolve).toList();
    }

    Map<String, String> textMap(String name) {
        if (!has(name)) {
            return Map.of();
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw invalid(field(name), "must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (var entries = value.fields(); entries.hasNext(); ) {
            var entry = entries.next();
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw invalid(field(name) + "." + entry.getKey(), "must be a string, number or boolean");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    Optional<Integer> optionalInt(String name, int min, int max) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
            throw invalid(field(name), "must be a whole number from " + min + " to " + max);
        }
        return Optional.of(value.asInt());
    }

    boolean flag(String name) {
        if (!has(name)) {
            return false;
        }
        if (!node.get(name).isBoolean()) {
            throw invalid(field(name), "must be true or false");
        }
        return node.get(name).asBoolean();
    }

    Optional<ConfigReader> optionalObject(String name, Set<String> allowedFields) {
        return has(name) ? Optional.of(new ConfigReader(node.get(name), field(name), baseDir, allowedFields))
                : Optional.empty();
    }

    List<ConfigReader> objects(String name, Set<String> allowedFields) {
        if (!has(name)) {
            return List.of();
        }
        if (!node.get(name).isArray()) {
            throw invalid(field(name), "must be a list of objects");
        }
        List<ConfigReader> readers = new ArrayList<>();
        for (int i = 0; i < node.get(name).size(); i++) {
            readers.add(new ConfigReader(node.get(name).get(i), field(name) + "[" + i + "]", baseDir, allowedFields));
        }
        return readers;
    }
}
