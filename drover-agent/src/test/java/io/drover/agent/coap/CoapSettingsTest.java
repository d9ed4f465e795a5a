package io.drover.agent.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.suit.SecretKeyAccess;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoapSettingsTest {
    private static final PreSharedKey PSK = PreSharedKey.create("dev-1", new byte[16], SecretKeyAccess.get());

    @Test
    void takesBlockSizesThatArePowersOfTwoFrom16To1024() {
        for (int size = 16; size <= 1024; size *= 2) {
            assertThat(CoapSettings.of(PSK).withBlockSize(size).blockSize()).isEqualTo(size);
        }
        for (int size : new int[] {0, 8, 100, 2048}) {
            assertThatThrownBy(() -> CoapSettings.of(PSK).withBlockSize(size))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coap.blockSize");
        }
    }

    @Test
    void refusesAGatewayUrlThatIsNotCoapOrHasAPath() {
        assertThatThrownBy(() -> CoapSettings.of(PSK).withGatewayUrl(URI.create("http://gw:5683")))
                .hasMessageContaining("coap.gatewayUrl");
        assertThatThrownBy(() -> CoapSettings.of(PSK).withGatewayUrl(URI.create("coap://gw:5683/a")))
                .hasMessageContaining("coap.gatewayUrl");
        assertThat(CoapSettings.of(PSK).withGatewayUrl(URI.create("coap://gw:5683")).gatewayUrl())
                .contains(URI.create("coap://gw:5683"));
    }

    @Test
    void refusesATimeoutBelowAMillisecond() {
        assertThatThrownBy(() -> CoapSettings.of(PSK).withAckTimeout(Duration.ZERO))
                .hasMessageContaining("coap.ackTimeout");
    }

    @Test
    void canSecureOnlyWithAKeyOrTheServersKey() {
        CoapSettings none = new CoapSettings(Optional.empty(), Optional.empty(), 1024, Optional.empty(),
                CoapSettings.DEFAULT_ACK_TIMEOUT);

        assertThat(none.canSecure()).isFalse();
        assertThat(CoapSettings.of(PSK).canSecure()).isTrue();
    }

    @Test
    void aPreSharedKeyKeepsItsSecretOutOfItsText() {
        PreSharedKey key = PreSharedKey.create("dev-1", "0123456789abcdef".getBytes(), SecretKeyAccess.get());

        assertThat(key.toString()).contains("dev-1").doesNotContain("0123456789abcdef");
        assertThat(CoapSettings.of(key).toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void refusesAPreSharedKeyOfAnUnsafeSizeOrIdentity() {
        assertThatThrownBy(() -> PreSharedKey.create("dev-1", new byte[15], SecretKeyAccess.get()))
                .hasMessageContaining("16 to 64 bytes");
        assertThatThrownBy(() -> PreSharedKey.create("dev 1", new byte[16], SecretKeyAccess.get()))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> PreSharedKey.create("", new byte[16], SecretKeyAccess.get()))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> PreSharedKey.create("dev-1", new byte[16], null))
                .hasMessageContaining("SecretKeyAccess");
    }
}
