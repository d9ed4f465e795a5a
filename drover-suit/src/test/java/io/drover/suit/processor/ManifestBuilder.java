package io.drover.suit.processor;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.internal.EnvelopeCodec;
import java.nio.charset.StandardCharsets;

/** Builds the manifests Drover's {@code UpdateSpec} cannot express (dependencies, odd commands) for tests. */
final class ManifestBuilder {
    private final CBORObject manifest = CBORObject.NewOrderedMap().Add(1, 1).Add(2, 1);
    private final CBORObject common = CBORObject.NewOrderedMap();
    private final CBORObject components = CBORObject.NewArray();

    static CBORObject id(String... segments) {
        CBORObject id = CBORObject.NewArray();
        for (String segment : segments) {
            id.Add(segment.getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    /** A parameter map from label/value pairs. */
    static CBORObject params(Object... pairs) {
        CBORObject map = CBORObject.NewOrderedMap();
        for (int i = 0; i < pairs.length; i += 2) {
            map.Add(CBORObject.FromObject(pairs[i]), CBORObject.FromObject(pairs[i + 1]));
        }
        return map;
    }

    /** The image-digest parameter naming a dependency: its manifest digest, as its authentication wrapper holds it. */
    static byte[] manifestDigestOf(byte[] envelope) {
        return EnvelopeCodec.decode(envelope).signedPayload();
    }

    /** {@code envelope} with {@code dependency} integrated under a text key. */
    static byte[] integrate(byte[] envelope, String key, byte[] dependency) {
        CBORObject map = CBORObject.DecodeFromBytes(envelope).UntagOne();
        map.Add(key, dependency);
        return map.WithTag(107).EncodeToBytes();
    }

    ManifestBuilder component(String... segments) {
        components.Add(id(segments));
        return this;
    }

    ManifestBuilder dependency(int index, String... prefix) {
        CBORObject dependencies = common.ContainsKey(1) ? common.get(1) : CBORObject.NewOrderedMap();
        dependencies.Add(index, CBORObject.NewOrderedMap().Add(1, id(prefix)));
        common.set(CBORObject.FromObject(1), dependencies);
        return this;
    }

    ManifestBuilder manifestComponentId(String... segments) {
        manifest.Add(5, id(segments));
        return this;
    }

    /** A command sequence from label/argument pairs, under a manifest member label (or 4: the shared sequence). */
    ManifestBuilder sequence(int label, Object... pairs) {
        CBORObject sequence = CBORObject.NewArray();
        for (Object item : pairs) {
            sequence.Add(CBORObject.FromObject(item));
        }
        if (label == 4) {
            common.Add(4, sequence.EncodeToBytes());
        } else {
            manifest.Add(label, sequence.EncodeToBytes());
        }
        return this;
    }

    byte[] encode() {
        common.set(CBORObject.FromObject(2), components);
        manifest.set(CBORObject.FromObject(3), CBORObject.FromObject(common.EncodeToBytes()));
        return manifest.EncodeToBytes();
    }
}
