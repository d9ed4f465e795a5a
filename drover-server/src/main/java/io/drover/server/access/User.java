package io.drover.server.access;

import java.time.Instant;

/**
 * A management user as the API shows it: never its token.
 *
 * @param revokedAt when its token stopped working; null while it works
 */
public record User(String name, Role role, Instant createdAt, String createdBy, Instant revokedAt) {}
