package io.drover.cli.agent;

import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.error.DroverException;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code coap} section of the agent's config file: how a device whose {@code serverUrl} is {@code coaps://} (or
 * {@code coap://}) speaks CoAP.
 *
 * <pre>{@code
 * "coap": {
 *   "pskIdentity": "sensor-0042", "pskKeyFile": "sensor-0042.psk",  (or "pskKey": "…"; as the server issued them)
 *   "serverKeyFile": "drover-coap.pub.pem",                         (instead: the server's DTLS raw public key)
 *   "blockSize": 512, "gatewayUrl": "coap://gateway.local:5683", "ackTimeout": "PT2S"
 * }
 * }</pre>
 *
 * {@code artifactUrl} is the older name of {@code gatewayUrl}, from when gateways served artifacts only; it is still
 * read, and means the same.
 */
final class CoapRules {
    private static final Set<String> FIELDS = Set.of("pskIdentity", "pskKey", "pskKeyFile", "serverKeyFile",
            "blockSize", "gatewayUrl", "artifactUrl", "ackTimeout");

    private CoapRules() {}

    static Optional<CoapSettings> read(ConfigReader parent) {
        return parent.optionalObject("coap", FIELDS).map(CoapRules::settings);
    }

    private static CoapSettings settings(ConfigReader coap) {
        Optional<PreSharedKey> psk = psk(coap);
        Optional<VerificationKey> serverKey = coap.optionalPath("serverKeyFile").map(file -> serverKey(coap, file));
        try {
            return new CoapSettings(psk, serverKey,
                    coap.optionalInt("blockSize", 16, 1024).orElse(CoapSettings.DEFAULT_BLOCK_SIZE),
                    gatewayUrl(coap),
                    coap.optionalDuration("ackTimeout").orElse(CoapSettings.DEFAULT_ACK_TIMEOUT));
        } catch (IllegalArgumentException e) {
            // CoapSettings names the setting itself (coap.blockSize, coap.gatewayUrl).
            throw new DroverException(ConfigReader.INVALID_CONFIG, "agent config: " + e.getMessage());
        }
    }

    private static Optional<URI> gatewayUrl(ConfigReader coap) {
        if (coap.has("gatewayUrl") && coap.has("artifactUrl")) {
            throw ConfigReader.invalid(coap.field("artifactUrl"), "is the older name of coap.gatewayUrl: set one");
        }
        String name = coap.has("artifactUrl") ? "artifactUrl" : "gatewayUrl";
        return coap.optionalParsed(name, "a coap:// or coaps:// URL", URI::create);
    }

    /** The identity and key the server issued: its key is text, whose ASCII bytes are the secret. */
    private static Optional<PreSharedKey> psk(ConfigReader coap) {
        Optional<String> identity = coap.optionalText("pskIdentity");
        Optional<String> inline = coap.optionalText("pskKey");
        Optional<Path> file = coap.optionalPath("pskKeyFile");
        if (inline.isPresent() && file.isPresent()) {
            throw ConfigReader.invalid(coap.field("pskKey"), "and coap.pskKeyFile cannot both be set");
        }
        if (identity.isPresent() && inline.isEmpty() && file.isEmpty()) {
            throw ConfigReader.invalid(coap.field("pskIdentity"), "needs coap.pskKey or coap.pskKeyFile");
        }
        if (identity.isEmpty() && (inline.isPresent() || file.isPresent())) {
            throw ConfigReader.invalid(coap.field(inline.isPresent() ? "pskKey" : "pskKeyFile"),
                    "needs coap.pskIdentity");
        }
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        String key = inline.orElseGet(() -> readKeyFile(coap, file.get()));
        try {
            return Optional.of(PreSharedKey.create(identity.get(), key.getBytes(StandardCharsets.US_ASCII),
                    SecretKeyAccess.get()));
        } catch (IllegalArgumentException e) {
            throw ConfigReader.invalid(coap.field(inline.isPresent() ? "pskKey" : "pskIdentity"), e.getMessage());
        }
    }

    private static String readKeyFile(ConfigReader coap, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw ConfigReader.invalid(coap.field("pskKeyFile"), "names " + file + ", which cannot be read: " + e);
        }
    }

    private static VerificationKey serverKey(ConfigReader coap, Path file) {
        try {
            return VerificationKey.fromPem(Files.readString(file));
        } catch (IOException e) {
            throw ConfigReader.invalid(coap.field("serverKeyFile"), "names " + file + ", which cannot be read: " + e);
        } catch (IllegalArgumentException | DroverException e) {
            throw ConfigReader.invalid(coap.field("serverKeyFile"), "names " + file
                    + ", which holds no usable public key: " + e.getMessage());
        }
    }
}
