package io.drover.cli.agent;

import io.drover.agent.gateway.GatewaySettings;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code gateway} section of the agent's config file: the agent then also serves the envelopes and artifacts it
 * fetches from its server to the constrained devices of its subnet, over plain CoAP.
 *
 * <pre>{@code
 * "gateway": {"listen": "0.0.0.0:5683", "cacheDir": "/var/cache/drover-gateway", "maxCacheBytes": "2GiB",
 *             "fetchWait": "PT20S"}
 * }</pre>
 */
final class GatewayRules {
    private static final Set<String> FIELDS = Set.of("listen", "cacheDir", "maxCacheBytes", "fetchWait");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]+):(\\d{1,5})");

    private GatewayRules() {}

    static Optional<GatewaySettings> read(ConfigReader parent) {
        return parent.optionalObject("gateway", FIELDS).map(gateway -> new GatewaySettings(
                gateway.parsed("listen", "host:port, such as 0.0.0.0:5683 or [::]:5683", GatewayRules::address),
                gateway.path("cacheDir"),
                gateway.optionalParsedTextOrNumber("maxCacheBytes", "a size in bytes (at least 1), such as \"2GiB\"",
                        ByteAmount::size).orElse(GatewaySettings.DEFAULT_MAX_CACHE_BYTES),
                gateway.optionalDuration("fetchWait").orElse(GatewaySettings.DEFAULT_FETCH_WAIT)));
    }

    private static InetSocketAddress address(String text) {
        Matcher matcher = HOST_PORT.matcher(text);
        if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
            throw new IllegalArgumentException("not host:port: " + text);
        }
        String host = matcher.group(1).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(matcher.group(2)));
    }
}
