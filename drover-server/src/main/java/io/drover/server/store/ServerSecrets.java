package io.drover.server.store;

import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/** The secrets every node sharing a database uses alike, kept in its {@code server_secret} table. */
public final class ServerSecrets {
    private ServerSecrets() {}

    /** The key of the idle tickets' HMAC, made by {@link IdleTicketKeyMigration}. */
    public static byte[] idleTicketKey(Jdbi jdbi) {
        String secret = jdbi.withHandle(h -> h.createQuery("SELECT secret FROM server_secret WHERE name = :name")
                .bind("name", IdleTicketKeyMigration.KEY_NAME)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new IllegalStateException("the database holds no idle ticket key: migration 15 "
                        + "did not run")));
        return Base64.getDecoder().decode(secret);
    }
}
