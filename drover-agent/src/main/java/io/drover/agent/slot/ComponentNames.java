package io.drover.agent.slot;

import java.util.regex.Pattern;

/**
 * The component names the agent installs. A name becomes a file name in a slot, so it is restricted to a safe
 * alphabet that cannot climb out of the slot directory or collide with the store's own temporary names.
 */
public final class ComponentNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ComponentNames() {}

    public static boolean isValid(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("component name must be 1-64 letters, digits, '.', '-' or '_', "
                    + "starting with a letter or digit: " + name);
        }
        return name;
    }
}
