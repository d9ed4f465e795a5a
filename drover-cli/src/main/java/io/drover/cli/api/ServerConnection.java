package io.drover.cli.api;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of a command that calls a running server's management API: where it is and its admin token, each from
 * the command line or else the environment ({@code DROVER_SERVER}, {@code DROVER_ADMIN_TOKEN}, as {@code drover
 * server} reads it).
 */
public final class ServerConnection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:DROVER_SERVER:-http://127.0.0.1:8080}",
            description = "The server's URL (env DROVER_SERVER). Default: ${DEFAULT-VALUE}.")
    String server;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:DROVER_ADMIN_TOKEN}",
            description = "The management API's bearer token, as the server printed or was given it (env DROVER_ADMIN_TOKEN).")
    String adminToken;

    /** A client of the server; a missing token or a URL that is not http(s) is a usage error. */
    public ManagementClient client() {
        if (adminToken == null || adminToken.isBlank()) {
            throw new ParameterException(command.commandLine(),
                    "the management API needs a token: give --admin-token or set DROVER_ADMIN_TOKEN");
        }
        return new ManagementClient(serverUrl(), adminToken);
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
