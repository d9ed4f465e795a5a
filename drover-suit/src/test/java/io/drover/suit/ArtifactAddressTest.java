package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactAddressTest {
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void readsTheDigestFromARelativeArtifactPath() {
        assertThat(ArtifactAddress.parse("/device/v1/artifacts/" + SHA)).contains(new ArtifactAddress(SHA));
    }

    @Test
    void readsTheDigestFromAnAbsoluteHttpOrHttpsUrl() {
        assertThat(ArtifactAddress.parse("https://updates.example.com/device/v1/artifacts/" + SHA))
                .contains(new ArtifactAddress(SHA));
        assertThat(ArtifactAddress.parse("http://127.0.0.1:8080/device/v1/artifacts/" + SHA))
                .contains(new ArtifactAddress(SHA));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/device/v1/artifacts/" + "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "/device/v1/artifacts/" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0",
            "/device/v1/artifacts/" + SHA + "/",
            "/device/v1/artifacts/" + SHA + "?x=1",
            "/device/v1/artifacts/" + SHA + "#frag",
            "/device/v2/artifacts/" + SHA,
            "device/v1/artifacts/" + SHA,
            "ftp://example.com/device/v1/artifacts/" + SHA,
            "coap://example.com/device/v1/artifacts/" + SHA,
            "https:///device/v1/artifacts/" + SHA,
            "//example.com/device/v1/artifacts/" + SHA,
            "https://cdn.example.com/app.bin",
            "not a uri",
            ""})
    void namesNoArtifactForAnyOtherUri(String uri) {
        assertThat(ArtifactAddress.parse(uri)).isEqualTo(Optional.empty());
    }

    @Test
    void buildsTheRelativeUriItParses() {
        ArtifactAddress address = ArtifactAddress.of(java.util.HexFormat.of().parseHex(SHA));

        assertThat(address.uri()).isEqualTo("/device/v1/artifacts/" + SHA);
        assertThat(ArtifactAddress.parse(address.uri())).contains(address);
    }

    @Test
    void refusesADigestThatIsNotLowercaseSha256Hex() {
        assertThatThrownBy(() -> new ArtifactAddress(SHA.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArtifactAddress.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
