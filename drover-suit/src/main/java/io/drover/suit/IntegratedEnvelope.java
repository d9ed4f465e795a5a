package io.drover.suit;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.CborHeads;
import io.drover.suit.internal.EnvelopeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signed envelope with its payloads integrated: each payload becomes a text-keyed envelope member
 * (SUIT_Integrated_Payload, draft-ietf-suit-manifest-37), so one file carries the manifest and every image, for a
 * device that receives a single package (an LwM2M Firmware Update client, say). Integrated payloads sit outside the
 * authentication wrapper and the manifest, so the signatures stay valid and a device verifies each payload against
 * the manifest's digest as it would a fetched one.
 *
 * <p>The envelope's own members are kept byte for byte; only its map header grows. Payloads are streamed, never held
 * in memory whole.
 */
public final class IntegratedEnvelope {
    /**
     * One payload to integrate.
     *
     * @param key the text key a fetch finds it under: the uri the manifest's fetch names
     * @param size how many bytes {@code content} yields; a stream that yields more or fewer fails the read
     * @param content opens the payload's bytes, once, when the stream reaches it
     */
    public record Payload(String key, long size, Content content) {
        public Payload {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an integrated payload needs a non-empty key");
            }
            if (size < 0) {
                throw new IllegalArgumentException("a payload's size cannot be negative: " + size);
            }
            Objects.requireNonNull(content, "content");
        }
    }

    /** Opens a payload's bytes. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private IntegratedEnvelope() {
    }

    /**
     * {@code envelope} with {@code payloads} integrated, as a stream of its encoding. Fails with {@link SuitErrors#MALFORMED}
     * when {@code envelope} is no envelope, and with an {@link IllegalArgumentException} when two payloads, or a payload
     * and a member the envelope already has, share a key.
     */
    public static InputStream stream(byte[] envelope, List<Payload> payloads) {
        EnvelopeCodec.decode(envelope); // an envelope, structurally
        CBORObject item = Cbor.decode(envelope, "SUIT envelope");
        CBORObject map = item.isTagged() ? item.UntagOne() : item;
        Set<String> keys = new HashSet<>();
        for (CBORObject key : map.getKeys()) {
            if (key.getType() == CBORType.TextString) {
                keys.add(key.AsString());
            }
        }
        for (Payload payload : payloads) {
            if (!keys.add(payload.key())) {
                throw new IllegalArgumentException("the envelope already holds a member keyed '" + payload.key() + "'");
            }
        }
        // The original's tag, then its members after the map header: only the count changes.
        int tagLength = item.isTagged() ? CborHeads.length(envelope, 0) : 0;
        int membersAt = tagLength + CborHeads.length(envelope, tagLength);
        List<InputStream> parts = new ArrayList<>();
        parts.add(new ByteArrayInputStream(concat(
                Arrays.copyOfRange(envelope, 0, tagLength),
                CborHeads.head(CborHeads.MAP, map.size() + payloads.size()),
                Arrays.copyOfRange(envelope, membersAt, envelope.length))));
        for (Payload payload : payloads) {
            byte[] key = payload.key().getBytes(StandardCharsets.UTF_8);
            parts.add(new ByteArrayInputStream(concat(CborHeads.head(CborHeads.TEXT, key.length), key,
                    CborHeads.head(CborHeads.BYTES, payload.size()))));
            parts.add(new ExactStream(payload));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static byte[] concat(byte[]... pieces) {
        var out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /** A payload's bytes, opened on first read, failing unless it yields exactly its declared size. */
    private static final class ExactStream extends InputStream {
        private final Payload payload;
        private InputStream in;
        private long left;

        ExactStream(Payload payload) {
            this.payload = payload;
            this.left = payload.size();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            open();
            if (left == 0) {
                if (in.read() != -1) {
                    throw new IOException("payload '" + payload.key() + "' has more than its " + payload.size()
                            + " bytes");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw new IOException("payload '" + payload.key() + "' ended " + left + " bytes short of its "
                        + payload.size());
            }
            left -= n;
            return n;
        }

        private void open() throws IOException {
            if (in == null) {
                in = payload.content().open();
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
