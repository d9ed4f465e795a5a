package io.drover.suit.encryption.internal;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.encryption.EncryptionErrors;
import io.drover.suit.encryption.RecipientCurve;
import io.drover.suit.internal.Cbor;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * ECDH-ES + HKDF-SHA256 key derivation (RFC 9053 sections 5.1, 5.2 and 6.3) and the COSE_Key form of an ephemeral
 * public key (RFC 9053 section 7).
 */
public final class EcdhEs {
    /**
     * SuppPubInfo.other of the SUIT COSE_KDF_Context (draft-ietf-suit-firmware-encryption): the byte string
     * 'SUIT Payload Encryption' (a bstr in the draft's EDN, not a text string).
     */
    public static final byte[] SUIT_CONTEXT = "SUIT Payload Encryption".getBytes(StandardCharsets.US_ASCII);

    private static final int KTY = 1;
    private static final int CRV = -1;
    private static final int X = -2;
    private static final int Y = -3;
    private static final int KTY_OKP = 1;
    private static final int KTY_EC2 = 2;
    private static final int CRV_P256 = 1;
    private static final int CRV_X25519 = 4;

    private EcdhEs() {
    }

    /**
     * The key-encryption key: HKDF-SHA256 without salt over Z, with the COSE_KDF_Context as info. {@code other} is
     * the SuppPubInfo other field: {@link #SUIT_CONTEXT} in SUIT, absent in plain COSE.
     */
    public static byte[] deriveKek(KeyWrapAlgorithm algorithm, byte[] sharedSecret, byte[] recipientProtected,
            Optional<byte[]> other) {
        byte[] info = kdfContext(algorithm, recipientProtected, other);
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(sharedSecret, null, info));
        byte[] kek = new byte[algorithm.kekBytes()];
        hkdf.generateBytes(kek, 0, kek.length);
        return kek;
    }

    /** COSE_KDF_Context = [AlgorithmID, PartyUInfo, PartyVInfo, SuppPubInfo], party infos all nil. */
    public static byte[] kdfContext(KeyWrapAlgorithm algorithm, byte[] recipientProtected, Optional<byte[]> other) {
        CBORObject nilParty = CBORObject.NewArray().Add(CBORObject.Null).Add(CBORObject.Null).Add(CBORObject.Null);
        CBORObject suppPub = CBORObject.NewArray().Add(algorithm.kekBytes() * 8).Add(recipientProtected);
        other.ifPresent(bytes -> suppPub.Add(bytes));
        return CBORObject.NewArray()
                .Add(algorithm.wrap().coseId())
                .Add(nilParty)
                .Add(nilParty)
                .Add(suppPub)
                .EncodeToBytes();
    }

    public static CBORObject coseKey(PublicKey key) {
        byte[][] coordinates = Curves.coordinates(key);
        return switch (Curves.curveOf(key)) {
            case X25519 -> CBORObject.NewOrderedMap().Add(KTY, KTY_OKP).Add(CRV, CRV_X25519).Add(X, coordinates[0]);
            case P256 -> CBORObject.NewOrderedMap().Add(KTY, KTY_EC2).Add(CRV, CRV_P256)
                    .Add(X, coordinates[0]).Add(Y, coordinates[1]);
        };
    }

    /** The curve a COSE_Key is on, if Drover supports it; the key itself is read by {@link #publicKey}. */
    public static Optional<RecipientCurve> curveOf(CBORObject coseKey) {
        if (coseKey == null || !Cbor.isInteger(Cbor.optional(coseKey, KTY)) || !Cbor.isInteger(Cbor.optional(coseKey, CRV))) {
            return Optional.empty();
        }
        long kty = Cbor.optional(coseKey, KTY).AsInt64Value();
        long crv = Cbor.optional(coseKey, CRV).AsInt64Value();
        if (kty == KTY_OKP && crv == CRV_X25519) {
            return Optional.of(RecipientCurve.X25519);
        }
        if (kty == KTY_EC2 && crv == CRV_P256) {
            return Optional.of(RecipientCurve.P256);
        }
        return Optional.empty();
    }

    public static PublicKey publicKey(CBORObject coseKey) {
        RecipientCurve curve = curveOf(Cbor.map(coseKey, "ephemeral COSE_Key"))
                .orElseThrow(() -> new DroverException(EncryptionErrors.UNSUPPORTED_ALGORITHM,
                        "ephemeral key is neither X25519 nor P-256"));
        byte[] x = Cbor.bytes(Cbor.required(coseKey, X, "ephemeral key x"), "ephemeral key x");
        return switch (curve) {
            case X25519 -> Curves.x25519Public(x);
            case P256 -> Curves.p256Public(x,
                    Cbor.bytes(Cbor.required(coseKey, Y, "ephemeral key y"), "ephemeral key y (compressed points are not supported)"));
        };
    }
}
