package io.drover.cli.user;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover user}: the management API's users and their roles, managed by an administrator. */
@Command(name = "user", description = "Create, list and revoke the users of a running server's management API.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Revoke.class})
public final class UserCommand {

    /** {@code drover user create NAME --role ROLE}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user with one role and print its token, which the server shows this once and "
                    + "keeps only as a hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "NAME", description = "The user's name, under which they act in every record.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin, vendor, operator, approver or auditor.")
        String role;

        @Override
        public Integer call() {
            JsonNode created = server.client().createUser(name, role);
            System.out.println("user " + created.path("name").asText() + " created with role "
                    + created.path("role").asText() + "; its token (shown only now, keep it secret):");
            System.out.println(created.path("token").asText());
            return 0;
        }
    }

    /** {@code drover user list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every user: name, role, when and by whom created, and whether revoked (never tokens).")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Override
        public Integer call() {
            for (JsonNode user : server.client().users()) {
                String revoked = user.path("revokedAt").isNull() ? "" : "revoked " + user.path("revokedAt").asText();
                System.out.println("%-24s %-9s created %s by %s %s".formatted(user.path("name").asText(),
                        user.path("role").asText(), user.path("createdAt").asText(), user.path("createdBy").asText(),
                        revoked).stripTrailing());
            }
            return 0;
        }
    }

    /** {@code drover user revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a user's token: it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "NAME", description = "The user's name.")
        String name;

        @Override
        public Integer call() {
            server.client().revokeUser(name);
            System.out.println("user " + name + " revoked");
            return 0;
        }
    }
}
