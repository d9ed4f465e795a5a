package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.suit.ComponentId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads component-version (text key 6) per component from a SUIT_Text_Map. */
final class TextVersions {
    private static final String PREFERRED_LANGUAGE = "en";
    private static final String PREFERRED_LANGUAGE_PREFIX = "en-";

    private TextVersions() {
    }

    /**
     * Versions by component. Draft 37 keys the text map by language tag; earlier drafts (and suit-tool's examples)
     * put component entries at the top level. Both are read; of several languages, English ({@code en},
     * {@code en-US} …) wins, else the first.
     */
    static Map<ComponentId, String> read(CBORObject text) {
        CBORObject map = Cbor.map(text, "text");
        var languages = map.getEntries().stream()
                .filter(e -> e.getKey().getType() == CBORType.TextString)
                .toList();
        CBORObject localized = languages.isEmpty() ? map : Cbor.map(languages.stream()
                .filter(e -> isEnglish(e.getKey().AsString()))
                .findFirst()
                .orElse(languages.get(0))
                .getValue(), "localized text");
        var versions = new HashMap<ComponentId, String>();
        for (var entry : localized.getEntries()) {
            if (entry.getKey().getType() == CBORType.Array) {
                ComponentId id = ManifestDecoder.componentId(entry.getKey(), "text component identifier");
                CBORObject version = Cbor.map(entry.getValue(), "text for " + id.displayName())
                        .get(CBORObject.FromObject(SuitLabels.TEXT_COMPONENT_VERSION));
                if (version != null) {
                    versions.put(id, Cbor.text(version, "component-version of " + id.displayName()));
                }
            }
        }
        return versions;
    }

    private static boolean isEnglish(String languageTag) {
        String tag = languageTag.toLowerCase(Locale.ROOT);
        return tag.equals(PREFERRED_LANGUAGE) || tag.startsWith(PREFERRED_LANGUAGE_PREFIX);
    }
}
