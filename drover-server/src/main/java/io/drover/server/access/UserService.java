package io.drover.server.access;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.optionalInstant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Management users: each has a name, one role and a bearer token, issued once at creation and stored as its SHA-256
 * only. The built-in administrator (the server's configured token) is no stored user; its name and the rollout
 * controller's are reserved, so every name in a rollout's history stands for one party.
 */
public final class UserService {
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    /** Names Drover acts under itself: the built-in administrator and the rollout controller. */
    private static final Set<String> RESERVED = Set.of(Actor.ADMIN.name(), "drover");

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;
    private final Ledger ledger;

    public UserService(Jdbi jdbi, Clock clock, SecureRandom random, Ledger ledger) {
        this.ledger = ledger;
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
    }

    /** Creates a user and issues its token, which is returned here once and never again. */
    public IssuedToken create(NewUser request, Actor by) {
        if (reserved(request.name())) {
            throw new DroverException(UserErrors.RESERVED, "the name '" + request.name() + "' is Drover's own");
        }
        String token = Tokens.issue(random);
        jdbi.useTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM management_user WHERE name = :name")
                    .bind("name", request.name()).mapTo(Long.class).one() > 0;
            if (exists) {
                throw new DroverException(UserErrors.EXISTS, "a user named '" + request.name() + "' already exists");
            }
            h.createUpdate("INSERT INTO management_user (name, role, token_sha256, created_at, created_by) "
                            + "VALUES (:name, :role, :token, :now, :by)")
                    .bind("name", request.name()).bind("role", request.role().name())
                    .bind("token", Tokens.sha256Hex(token)).bind("now", timestamp(clock.instant()))
                    .bind("by", by.name()).execute();
            ledger.record(h, new LedgerRecord(EntryKind.USER_CREATED, by.name(), null, null, null,
                    Map.of("user", request.name(), "role", request.role().wireName())));
        });
        LOG.info("{} created user {} with role {}", by, request.name(), request.role().wireName());
        return new IssuedToken(request.name(), request.role(), token);
    }

    /** Every user in name order, revoked ones too; never a token. */
    public List<User> users() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM management_user ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString("name"), Role.valueOf(rs.getString("role")),
                        instant(rs, "created_at"), rs.getString("created_by"), optionalInstant(rs, "revoked_at")
                                .orElse(null)))
                .list());
    }

    /** Stops the user's token from working, at once; revoking a revoked user changes nothing. */
    public void revoke(String name, Actor by) {
        if (reserved(name)) {
            throw new DroverException(UserErrors.RESERVED, "'" + name + "' is no stored user: the built-in "
                    + "administrator is the server's configured admin token, changed where the server is configured");
        }
        jdbi.useTransaction(h -> {
            int found = h.createUpdate("UPDATE management_user SET revoked_at = COALESCE(revoked_at, :now) "
                            + "WHERE name = :name")
                    .bind("now", timestamp(clock.instant())).bind("name", name).execute();
            if (found == 0) {
                throw new DroverException(UserErrors.NOT_FOUND, "no user named '" + name + "'");
            }
            ledger.record(h, new LedgerRecord(EntryKind.USER_REVOKED, by.name(), null, null, null,
                    Map.of("user", name)));
        });
        LOG.info("{} revoked user {}", by, name);
    }

    /** The user holding {@code token}, looked up by its hash; unknown and revoked tokens are both not valid. */
    public Optional<Actor> authenticate(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, role FROM management_user "
                        + "WHERE token_sha256 = :token AND revoked_at IS NULL")
                .bind("token", Tokens.sha256Hex(token))
                .map((rs, ctx) -> new Actor(rs.getString("name"), Role.valueOf(rs.getString("role"))))
                .findOne());
    }

    private static boolean reserved(String name) {
        return RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }
}
