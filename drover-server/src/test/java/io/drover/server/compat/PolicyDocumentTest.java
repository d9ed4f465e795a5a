package io.drover.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    @Test
    void readsBackInCanonicalFormWithTheSameMeaning() {
        Map<String, String> old = new LinkedHashMap<>();
        old.put("app", "= 1.0");
        old.put("os", ">=1.2");
        PolicyDocument written = new PolicyDocument(List.of("  app>=2.0 requires os>=1.4 "), List.of(old));
        PolicyDocument canonical = PolicyDocument.of(written.policy());
        assertThat(canonical.rules()).containsExactly("app >= 2.0 requires os >= 1.4");
        assertThat(canonical.allowed()).containsExactly(Map.of("app", "1.0", "os", ">= 1.2"));
        assertThat(canonical.policy()).isEqualTo(written.policy());
    }

    @Test
    void leftOutListsAreEmptyAndAllowEverything() {
        PolicyDocument none = new PolicyDocument(null, null);
        assertThat(none.rules()).isEmpty();
        assertThat(none.policy().allowsEverything()).isTrue();
        assertThat(none.policy().refusal(Map.of("app", "anything"))).isEmpty();
    }

    @Test
    void namesEveryComponentItConstrains() {
        PolicyDocument document = new PolicyDocument(List.of("app >= 2 requires os >= 1.4 and boot = 3"),
                List.of(Map.of("modem", "7")));
        assertThat(document.policy().components()).containsExactly("app", "boot", "modem", "os");
    }

    @Test
    void refusesWhatIsNoPolicyWithAClearMessage() {
        assertInvalid(() -> new PolicyDocument(Collections.nCopies(101, "a >= 1 requires b >= 1"), null),
                "a policy has at most 100 rules, not 101");
        assertInvalid(() -> new PolicyDocument(null, Collections.nCopies(101, Map.of("a", "1"))),
                "a policy has at most 100 allowed combinations, not 101");
        assertInvalid(() -> new PolicyDocument(Collections.singletonList(null), null), "a rule is text");
        assertInvalid(() -> new PolicyDocument(List.of("a >= " + "1".repeat(1000) + " requires b >= 1"), null),
                "a rule is text of at most 1000 characters");
        assertInvalid(() -> new PolicyDocument(null, List.of(Map.of("a", "1"), Map.of("a", "=> 2"))),
                "allowed combination 2: allowed version of a must be a version or 'op version': '=> 2'");
        assertInvalid(() -> new PolicyDocument(null, List.of(Map.of())),
                "allowed combination 1: an allowed combination must name at least one component");
        assertInvalid(() -> new PolicyDocument(List.of("a = 1"), null), "a rule reads");
    }

    private static void assertInvalid(Runnable make, String message) {
        assertThatThrownBy(make::run).isInstanceOfSatisfying(DroverException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID);
            assertThat(e.getMessage()).startsWith(message);
        });
    }
}
