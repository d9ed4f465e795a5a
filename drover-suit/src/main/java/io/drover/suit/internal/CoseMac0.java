package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;

/**
 * A COSE_Mac0 message (RFC 9052 section 6.2) as SUIT uses it in an authentication wrapper: tag 17, payload detached
 * (nil), MAC over the MAC_structure {@code ["MAC0", protected, external_aad, payload]}. Drover checks HMAC 256/256
 * (COSE alg 5), the one MAC the SUIT examples use.
 */
public final class CoseMac0 {
    public static final int TAG = 17;
    /** HMAC with SHA-256, 256-bit tag (RFC 9053 section 3.1). */
    public static final int HMAC_256_256 = 5;
    private static final int ALG = 1;
    private static final int CRIT = 2;

    private final byte[] protectedBytes;
    private final CBORObject protectedHeaders;
    private final byte[] tag;

    private CoseMac0(byte[] protectedBytes, CBORObject protectedHeaders, byte[] tag) {
        this.protectedBytes = protectedBytes;
        this.protectedHeaders = protectedHeaders;
        this.tag = tag;
    }

    /** Reads a tagged COSE_Mac0 whose payload is detached. */
    public static CoseMac0 decode(CBORObject item) {
        if (!item.isTagged() || item.getTagCount() != 1 || !item.HasMostOuterTag(TAG)) {
            throw Cbor.malformed("COSE_Mac0 must carry tag 17");
        }
        CBORObject array = Cbor.array(item.UntagOne(), "COSE_Mac0");
        if (array.size() != 4) {
            throw Cbor.malformed("COSE_Mac0 must have 4 elements, got " + array.size());
        }
        byte[] protectedBytes = Cbor.bytes(array.get(0), "COSE_Mac0 protected header");
        CBORObject protectedHeaders = protectedBytes.length == 0
                ? CBORObject.NewMap()
                : Cbor.map(Cbor.decode(protectedBytes, "COSE_Mac0 protected header"), "COSE_Mac0 protected header");
        Cbor.map(array.get(1), "COSE_Mac0 unprotected header");
        if (!array.get(2).isNull()) {
            throw Cbor.malformed("COSE_Mac0 payload must be detached (nil): it is the manifest digest");
        }
        return new CoseMac0(protectedBytes, protectedHeaders, Cbor.bytes(array.get(3), "COSE_Mac0 tag"));
    }

    /** Whether the protected {@code alg} is HMAC 256/256 and no header is marked critical. */
    public boolean isSupported() {
        CBORObject alg = protectedHeaders.get(CBORObject.FromObject(ALG));
        return alg != null && Cbor.isInteger(alg) && alg.AsInt64Value() == HMAC_256_256
                && !protectedHeaders.ContainsKey(CBORObject.FromObject(CRIT));
    }

    /** A human-readable rendering of the {@code alg} header, for messages. */
    public String algorithmLabel() {
        CBORObject alg = protectedHeaders.get(CBORObject.FromObject(ALG));
        return alg == null ? "none (no protected alg)" : Cbor.abbreviate(alg);
    }

    /** The bytes the MAC covers (RFC 9052 section 6.3), with the protected header exactly as transmitted. */
    public byte[] macStructure(byte[] externalAad, byte[] detachedPayload) {
        return CBORObject.NewArray().Add("MAC0").Add(protectedBytes).Add(externalAad).Add(detachedPayload).EncodeToBytes();
    }

    public byte[] tag() {
        return Arrays.copyOf(tag, tag.length);
    }
}
