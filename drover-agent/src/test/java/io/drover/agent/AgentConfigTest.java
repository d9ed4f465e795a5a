package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
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
