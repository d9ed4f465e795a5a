package io.drover.server.fleet;

import io.drover.error.DroverException;
import java.util.regex.Pattern;

/** The one rule for names of classes, components and devices: safe in URLs, file names and logs. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Names() {}

    public static String require(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DroverException(FleetErrors.INVALID, what + " must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; got " + (name == null ? "nothing" : "'" + name + "'"));
        }
        return name;
    }
}
