package io.drover.server.compat;

import io.drover.error.DroverException;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * A component version as vendors write them ({@code 1.4}, {@code 2.0.1}, {@code 2024.03-rc2}), ordered the way people
 * read them: numerically part by part ({@code 1.10 > 1.9}), a qualifier such as {@code -rc2} before the release it
 * precedes. The ordering is Maven's well-tried {@link ComparableVersion}; equal means equal in that order
 * ({@code 1.0 = 1.0.0}).
 */
public final class Version implements Comparable<Version> {
    private static final int MAX_LENGTH = 100;

    private final String text;
    private final ComparableVersion order;

    private Version(String text) {
        this.text = text;
        this.order = new ComparableVersion(text);
    }

    public static Version of(String text) {
        if (!isValid(text)) {
            throw new DroverException(CompatErrors.INVALID, "a version must be 1 to " + MAX_LENGTH
                    + " characters without surrounding spaces: '" + text + "'");
        }
        return new Version(text);
    }

    /** Whether {@link #of} takes {@code text}: devices report what they run, and not every report is a version. */
    public static boolean isValid(String text) {
        return text != null && !text.isBlank() && text.length() <= MAX_LENGTH && text.strip().equals(text);
    }

    @Override
    public int compareTo(Version other) {
        return order.compareTo(other.order);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && order.equals(other.order);
    }

    @Override
    public int hashCode() {
        return order.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
