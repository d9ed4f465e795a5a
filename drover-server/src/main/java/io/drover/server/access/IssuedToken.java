package io.drover.server.access;

/** A freshly created user's token. It is shown once: the server keeps only its SHA-256. */
public record IssuedToken(String name, Role role, String token) {
    @Override
    public String toString() {
        return "IssuedToken[name=" + name + ", role=" + role.wireName() + "]"; // never the token, even in a log
    }
}
