package io.drover.suit.encryption.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.encryption.EncryptionErrors;
import io.drover.suit.internal.Cbor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A COSE_Encrypt message (RFC 9052 section 5.1) as SUIT_Encryption_Info uses it: structure checks on decode, and the
 * Enc_structure that GCM authenticates. Recipients are one layer deep: nested recipients are refused.
 */
public final class CoseEncrypt {
    public static final int TAG = 96;
    public static final int ALG = 1;
    public static final int CRIT = 2;
    public static final int IV = 5;
    public static final int PARTIAL_IV = 6;
    public static final int EPHEMERAL_KEY = -1;

    /** Headers of one layer: the protected bytes exactly as sent, both header maps, and the layer's ciphertext. */
    public record Layer(byte[] protectedBytes, CBORObject protectedHeaders, CBORObject unprotectedHeaders,
            Optional<byte[]> ciphertext) {
        /** A header from either bucket (decode refuses a label in both). */
        public CBORObject header(int label) {
            CBORObject value = Cbor.optional(protectedHeaders, label);
            return value != null ? value : Cbor.optional(unprotectedHeaders, label);
        }

        /** The integer alg header, if present and an integer. */
        public Optional<Long> algorithm() {
            CBORObject alg = header(ALG);
            return Cbor.isInteger(alg) ? Optional.of(alg.AsInt64Value()) : Optional.empty();
        }

        public boolean hasCriticalHeaders() {
            return header(CRIT) != null;
        }
    }

    private final Layer content;
    private final List<Layer> recipients;

    private CoseEncrypt(Layer content, List<Layer> recipients) {
        this.content = content;
        this.recipients = List.copyOf(recipients);
    }

    /** Reads a tagged COSE_Encrypt; any failure is {@link EncryptionErrors#MALFORMED}. */
    public static CoseEncrypt decode(byte[] encoded) {
        try {
            CBORObject item = Cbor.decode(encoded, "SUIT_Encryption_Info");
            if (!item.isTagged() || item.getTagCount() != 1 || !item.HasMostOuterTag(TAG)) {
                throw malformed("SUIT_Encryption_Info must be a COSE_Encrypt with tag 96");
            }
            CBORObject array = Cbor.array(item.UntagOne(), "COSE_Encrypt");
            if (array.size() != 4) {
                throw malformed("COSE_Encrypt must have 4 elements, got " + array.size());
            }
            Layer content = layer(array, "COSE_Encrypt");
            var recipients = new ArrayList<Layer>();
            for (CBORObject recipient : Cbor.array(array.get(3), "COSE_Encrypt recipients").getValues()) {
                CBORObject r = Cbor.array(recipient, "COSE_recipient");
                if (r.size() != 3) {
                    throw malformed("COSE_recipient must have 3 elements (nested recipients are not supported), got "
                            + r.size());
                }
                Layer layer = layer(r, "COSE_recipient");
                if (layer.ciphertext().isEmpty()) {
                    throw malformed("COSE_recipient carries no wrapped key");
                }
                recipients.add(layer);
            }
            if (recipients.isEmpty()) {
                throw malformed("COSE_Encrypt has no recipients");
            }
            return new CoseEncrypt(content, recipients);
        } catch (DroverException e) {
            throw e.errorCode().equals(EncryptionErrors.MALFORMED) ? e
                    : new DroverException(EncryptionErrors.MALFORMED, e.getMessage(), e);
        }
    }

    public Layer content() {
        return content;
    }

    public List<Layer> recipients() {
        return recipients;
    }

    /** Enc_structure ["Encrypt", protected, external_aad] (RFC 9052 section 5.3); SUIT's external_aad is empty. */
    public static byte[] encStructure(byte[] protectedBytes) {
        return CBORObject.NewArray().Add("Encrypt").Add(protectedBytes).Add(new byte[0]).EncodeToBytes();
    }

    /** Encodes a detached COSE_Encrypt: ciphertext nil, as SUIT_Encryption_Info. */
    public static byte[] encodeDetached(byte[] protectedBytes, CBORObject unprotected, List<CBORObject> recipients) {
        CBORObject array = CBORObject.NewArray();
        recipients.forEach(array::Add);
        return CBORObject.NewArray()
                .Add(protectedBytes)
                .Add(unprotected)
                .Add(CBORObject.Null)
                .Add(array)
                .WithTag(TAG)
                .EncodeToBytes();
    }

    public static CBORObject recipient(byte[] protectedBytes, CBORObject unprotected, byte[] wrappedKey) {
        return CBORObject.NewArray().Add(protectedBytes).Add(unprotected).Add(wrappedKey);
    }

    private static Layer layer(CBORObject array, String what) {
        byte[] protectedBytes = Cbor.bytes(array.get(0), what + " protected header");
        CBORObject protectedHeaders = protectedBytes.length == 0
                ? CBORObject.NewMap()
                : Cbor.map(Cbor.decode(protectedBytes, what + " protected header"), what + " protected header");
        CBORObject unprotectedHeaders = Cbor.map(array.get(1), what + " unprotected header");
        for (CBORObject label : protectedHeaders.getKeys()) {
            if (unprotectedHeaders.ContainsKey(label)) {
                throw malformed("COSE header " + label + " is both protected and unprotected in " + what);
            }
        }
        CBORObject ciphertext = array.get(2);
        return new Layer(protectedBytes, protectedHeaders, unprotectedHeaders,
                ciphertext.isNull() ? Optional.empty() : Optional.of(Cbor.bytes(ciphertext, what + " ciphertext")));
    }

    private static DroverException malformed(String message) {
        return new DroverException(EncryptionErrors.MALFORMED, message);
    }
}
