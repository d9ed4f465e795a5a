package io.drover.suit.trust;

import io.drover.suit.ComponentId;
import io.drover.suit.VerificationKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which signer keys may touch which components (draft-ietf-suit-trust-domains-11): e.g. the OEM key the
 * bootloader and OS, the app vendor's key the app. A domain is a set of component identifier prefixes, so
 * {@code ["app"]} covers {@code ["app", "config"]}; the empty prefix covers every component. A policy may also
 * require that certain keys all sign every manifest (an OEM and an operator, say).
 */
public final class TrustPolicy {
    private final Map<VerificationKey, List<ComponentId>> domains;
    private final Set<VerificationKey> required;

    private TrustPolicy(Map<VerificationKey, List<ComponentId>> domains, Set<VerificationKey> required) {
        this.domains = domains;
        this.required = required;
    }

    /** A policy in which {@code key} may touch every component: for a device with one trust domain. */
    public static TrustPolicy singleDomain(VerificationKey key) {
        return builder().allow(key, new ComponentId(List.of())).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every key the policy knows, for the verifier that checks signatures. */
    public List<VerificationKey> trustedKeys() {
        return List.copyOf(domains.keySet());
    }

    /**
     * Why {@code signers} may not touch {@code components}, or empty when they may: every required key must be among
     * the signers, and each component must lie in the domain of at least one signer.
     */
    public Optional<String> refusal(Collection<VerificationKey> signers, Collection<ComponentId> components) {
        for (VerificationKey key : required) {
            if (!signers.contains(key)) {
                return Optional.of("the policy requires a signature by key " + key.keyId());
            }
        }
        for (ComponentId component : components) {
            boolean covered = signers.stream()
                    .map(key -> domains.getOrDefault(key, List.of()))
                    .flatMap(List::stream)
                    .anyMatch(prefix -> isPrefix(prefix, component));
            if (!covered) {
                return Optional.of("component " + component.displayName() + " lies outside the trust domain of "
                        + (signers.isEmpty() ? "any signer" : "signer(s) " + signers.stream()
                                .map(VerificationKey::keyId).toList()));
            }
        }
        return Optional.empty();
    }

    private static boolean isPrefix(ComponentId prefix, ComponentId component) {
        List<byte[]> p = prefix.segments();
        List<byte[]> c = component.segments();
        if (p.size() > c.size()) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            if (!Arrays.equals(p.get(i), c.get(i))) {
                return false;
            }
        }
        return true;
    }

    public static final class Builder {
        private final Map<VerificationKey, List<ComponentId>> domains = new LinkedHashMap<>();
        private final Set<VerificationKey> required = new LinkedHashSet<>();

        private Builder() {
        }

        /** Lets {@code key} touch every component under any of {@code prefixes}. */
        public Builder allow(VerificationKey key, ComponentId... prefixes) {
            Objects.requireNonNull(key, "key");
            var list = new ArrayList<>(domains.getOrDefault(key, List.of()));
            list.addAll(List.of(prefixes));
            domains.put(key, List.copyOf(list));
            return this;
        }

        /** Requires {@code key}'s signature on every manifest; the key must also have a domain (possibly empty). */
        public Builder require(VerificationKey key) {
            required.add(Objects.requireNonNull(key, "key"));
            domains.putIfAbsent(key, List.of());
            return this;
        }

        public TrustPolicy build() {
            if (domains.isEmpty()) {
                throw new IllegalArgumentException("a trust policy needs at least one key");
            }
            return new TrustPolicy(Map.copyOf(domains), Set.copyOf(required));
        }
    }
}
