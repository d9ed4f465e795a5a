package io.drover.server.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.error.DroverException;
import java.util.regex.Pattern;

/** A request to create a management user with one role. */
public record NewUser(String name, Role role) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** As a request spells it: the role by its name, any case ({@code "operator"}). */
    @JsonCreator
    public NewUser(@JsonProperty("name") String name, @JsonProperty("role") String role) {
        this(name, Role.parse(role));
    }

    public NewUser {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DroverException(UserErrors.INVALID, "a user name must be 1 to 100 letters, digits, '.', '_', "
                    + "'@' or '-', starting with a letter or digit; got " + (name == null ? "nothing" : "'" + name + "'"));
        }
        if (role == null) {
            throw new DroverException(UserErrors.INVALID, "a user needs a role");
        }
    }
}
