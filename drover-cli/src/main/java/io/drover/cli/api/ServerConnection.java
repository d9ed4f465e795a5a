package io.drover.cli.api;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of a command that calls a running server's management API: where it is and a token, each from the
 * command line or else the environment ({@code DROVER_SERVER}; {@code DROVER_TOKEN} for a user's token, else
 * {@code DROVER_ADMIN_TOKEN}, the server's admin token as {@code drover server} reads it). A user's token and the
 * admin token are used alike: the server decides from the token what its holder may do.
 */
public final class ServerConnection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:DROVER_SERVER:-http://127.0.0.1:8080}",
            description = "The server's URL (env DROVER_SERVER). Default: ${DEFAULT-VALUE}.")
    String server;

    @Option(names = {"--token", "--admin-token"}, paramLabel = "TOKEN",
            defaultValue = "${env:DROVER_TOKEN:-${env:DROVER_ADMIN_TOKEN}}",
            description = "A management API bearer token: a user's (drover user create) or the server's admin token "
                    + "(env DROVER_TOKEN, else DROVER_ADMIN_TOKEN).")
    String token;

    /** A client of the server; a missing token or a URL that is not http(s) is a usage error. */
    public ManagementClient client() {
        if (token == null || token.isBlank()) {
            throw new ParameterException(command.commandLine(),
                    "the management API needs a token: give --token or set DROVER_TOKEN or DROVER_ADMIN_TOKEN");
        }
        return new ManagementClient(serverUrl(), token);
    }

    private URI serverUrl() {
        try {
            URI url = new URI(server);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below, as any other unusable URL
        }
        throw new ParameterException(command.commandLine(),
                "--server must be an http:// or https:// URL such as http://127.0.0.1:8080, not '" + server + "'");
    }
}
