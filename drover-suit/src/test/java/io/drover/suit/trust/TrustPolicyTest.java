package io.drover.suit.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.ComponentId;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {
    private final VerificationKey oem = SigningKey.generate(SignatureAlgorithm.ES256).verificationKey();
    private final VerificationKey app = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey();
    private final TrustPolicy policy = TrustPolicy.builder()
            .allow(oem, id("bootloader"), id("os"))
            .allow(app, id("app"))
            .build();

    private static ComponentId id(String... segments) {
        return new ComponentId(Arrays.stream(segments).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void signerMayTouchComponentsUnderItsPrefixes() {
        assertThat(policy.refusal(Set.of(app), List.of(id("app"), id("app", "config")))).isEmpty();
        assertThat(policy.refusal(Set.of(oem), List.of(id("bootloader"), id("os")))).isEmpty();
    }

    @Test
    void signerMayNotTouchAnotherDomain() {
        assertThat(policy.refusal(Set.of(app), List.of(id("bootloader")))).hasValueSatisfying(
                reason -> assertThat(reason).contains("bootloader").contains(app.keyId()));
        assertThat(policy.refusal(Set.of(oem), List.of(id("application")))).isPresent();
    }

    @Test
    void twoSignersTogetherCoverTheUnionOfTheirDomains() {
        assertThat(policy.refusal(Set.of(oem, app), List.of(id("os"), id("app")))).isEmpty();
    }

    @Test
    void requiredSignerMustBeAmongTheSigners() {
        TrustPolicy both = TrustPolicy.builder().allow(oem, id("os")).require(oem).require(app).build();

        assertThat(both.refusal(Set.of(oem), List.of(id("os")))).hasValueSatisfying(
                reason -> assertThat(reason).contains(app.keyId()));
        assertThat(both.refusal(Set.of(oem, app), List.of(id("os")))).isEmpty();
    }

    @Test
    void noSignerTouchesNothing() {
        assertThat(policy.refusal(Set.of(), List.of(id("os")))).isPresent();
    }
}
