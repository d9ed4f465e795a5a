package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    private static final PreSharedKey PSK = PreSharedKey.create("dev-1", new byte[16], SecretKeyAccess.get());
    private static final List<VerificationKey> KEYS =
            List.of(SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey());

    @Test
    void keepsTheDeviceTokenOutOfItsText() {
        AgentConfig config = config(URI.create("https://updates.example.com"), KEYS, Map.of("app", "1.0"));

        assertThat(config.toString()).doesNotContain("s3cret").contains("updates.example.com");
    }

    @Test
    void refusesAServerUrlThatIsNotHttp() {
        assertThatThrownBy(() -> config(URI.create("ftp://updates.example.com"), KEYS, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config(URI.create("/device/v1"), KEYS, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void speaksCoapToACoapServerWithItsSettingsAndNoToken() {
        AgentConfig config = AgentConfig.coap(URI.create("coaps://updates.example.com"), CoapSettings.of(PSK),
                Path.of("/tmp/agent"), UUID.randomUUID(), UUID.randomUUID(), KEYS, Map.of());

        assertThat(config.speaksCoap()).isTrue();
        assertThat(config.deviceToken()).isNull();
    }

    @Test
    void refusesACoapServerWithoutCoapSettingsOrACredentialForDtls() {
        assertThatThrownBy(() -> new AgentConfig(URI.create("coaps://u.example"), null, Path.of("/tmp/agent"),
                UUID.randomUUID(), UUID.randomUUID(), KEYS, Map.of(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coap settings");
        CoapSettings noCredential = new CoapSettings(Optional.empty(), Optional.empty(), 1024, Optional.empty(),
                CoapSettings.DEFAULT_ACK_TIMEOUT);
        assertThatThrownBy(() -> AgentConfig.coap(URI.create("coaps://u.example"), noCredential, Path.of("/tmp/a"),
                UUID.randomUUID(), UUID.randomUUID(), KEYS, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coap.psk or coap.serverKey");
    }

    @Test
    void refusesCoapSettingsForAnHttpServer() {
        assertThatThrownBy(() -> new AgentConfig(URI.create("https://u.example"), "s3cret", Path.of("/tmp/agent"),
                UUID.randomUUID(), UUID.randomUUID(), KEYS, Map.of(), Optional.empty(),
                Optional.of(CoapSettings.of(PSK))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coap settings need");
    }

    @Test
    void refusesToTrustNoKey() {
        assertThatThrownBy(() -> config(URI.create("https://u.example"), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFactoryComponentThatCannotBeASlotFile() {
        assertThatThrownBy(() -> config(URI.create("https://u.example"), KEYS, Map.of("../app", "1.0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AgentConfig config(URI server, List<VerificationKey> keys, Map<String, String> inventory) {
        return new AgentConfig(server, "s3cret", Path.of("/tmp/agent"), UUID.randomUUID(), UUID.randomUUID(), keys,
                inventory);
    }
}
