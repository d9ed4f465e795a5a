package io.drover.agent.safety;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

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
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty(name)).map(String::strip);
    }

    @Override
    public String toString() {
        return "attributes in " + file;
    }
}
