package io.drover.agent.safety;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Attributes from a Java properties file ({@code in_depot=true}, {@code battery_percent=83}) that the device's
 * application rewrites whenever they change. The file is re-read on every call; a missing file means no attribute
 * is known, so every condition on one waits. The application should replace the file atomically (write then
 * rename), or a read may see it half-written.
 */
public final class PropertiesAttributeSource implements AttributeSource {
    private final Path file;

    public PropertiesAttributeSource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public Optional<String> attribute(String name) throws IOException {
        return Optional.ofNullable(all().get(name));
    }

    /** Every property in the file, its value stripped; none when there is no file. */
    @Override
    public Map<String, String> all() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> attributes = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> attributes.put(name, properties.getProperty(name).strip()));
        return Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "attributes in " + file;
    }
}
