package io.drover.suit.encryption;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.error.DroverException;
import io.drover.suit.encryption.internal.AesKeyWrap;
import io.drover.suit.encryption.internal.CoseEncrypt;
import io.drover.suit.encryption.internal.Curves;
import io.drover.suit.encryption.internal.EcdhEs;
import io.drover.suit.encryption.internal.KeyWrapAlgorithm;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a content key for each recipient and finds it again for one key. A recipient's kid is never consulted: it is
 * an unauthenticated hint, and AES-KW's integrity check tells a right key from a wrong one anyway.
 */
final class ContentKeys {
    private static final Optional<byte[]> SUIT_KDF_OTHER = Optional.of(EcdhEs.SUIT_CONTEXT);

    private ContentKeys() {
    }

    static CBORObject wrap(Recipient recipient, byte[] cek) {
        return switch (recipient) {
            case Recipient.Group group -> CoseEncrypt.recipient(new byte[0],
                    CBORObject.NewOrderedMap().Add(CoseEncrypt.ALG, group.key().wrapAlgorithm().coseId()),
                    AesKeyWrap.wrap(group.key().kek(), cek));
            case Recipient.Device device -> {
                KeyWrapAlgorithm algorithm = KeyWrapAlgorithm.ecdhFor(cek.length);
                RecipientCurve curve = device.key().curve();
                KeyPair ephemeral = Curves.generate(curve);
                byte[] protectedBytes = CBORObject.NewOrderedMap().Add(CoseEncrypt.ALG, algorithm.coseId()).EncodeToBytes();
                byte[] z = Curves.agree(curve, ephemeral.getPrivate(), device.key().jdkKey());
                byte[] kek = EcdhEs.deriveKek(algorithm, z, protectedBytes, SUIT_KDF_OTHER);
                yield CoseEncrypt.recipient(protectedBytes,
                        CBORObject.NewOrderedMap().Add(CoseEncrypt.EPHEMERAL_KEY, EcdhEs.coseKey(ephemeral.getPublic())),
                        AesKeyWrap.wrap(kek, cek));
            }
        };
    }

    /** The content key wrapped for this group key; NO_RECIPIENT_FOR_KEY or WRONG_KEY otherwise. */
    static byte[] unwrap(CoseEncrypt info, GroupKey key) {
        List<CoseEncrypt.Layer> candidates = candidates(info, key.wrapAlgorithm(), Optional.empty());
        if (candidates.isEmpty()) {
            throw new DroverException(EncryptionErrors.NO_RECIPIENT_FOR_KEY,
                    "no recipient uses " + key.algorithm() + " with a group key");
        }
        for (CoseEncrypt.Layer recipient : candidates) {
            Optional<byte[]> cek = AesKeyWrap.unwrap(key.kek(), recipient.ciphertext().orElseThrow());
            if (cek.isPresent()) {
                return cek.get();
            }
        }
        throw new DroverException(EncryptionErrors.WRONG_KEY, "the group key unwraps none of "
                + candidates.size() + " " + key.algorithm() + " recipient(s)");
    }

    /** The content key agreed with this private key; NO_RECIPIENT_FOR_KEY or WRONG_KEY otherwise. */
    static byte[] unwrap(CoseEncrypt info, RecipientPrivateKey key) {
        var candidates = new ArrayList<CoseEncrypt.Layer>();
        for (KeyWrapAlgorithm algorithm : List.of(KeyWrapAlgorithm.ECDH_ES_A128KW, KeyWrapAlgorithm.ECDH_ES_A256KW)) {
            candidates.addAll(candidates(info, algorithm, Optional.of(key.curve())));
        }
        if (candidates.isEmpty()) {
            throw new DroverException(EncryptionErrors.NO_RECIPIENT_FOR_KEY,
                    "no ECDH-ES recipient with an ephemeral " + key.curve() + " key");
        }
        for (CoseEncrypt.Layer recipient : candidates) {
            KeyWrapAlgorithm algorithm = KeyWrapAlgorithm.ofCoseId(recipient.algorithm().orElseThrow()).orElseThrow();
            PublicKey ephemeral = EcdhEs.publicKey(recipient.header(CoseEncrypt.EPHEMERAL_KEY));
            byte[] z = Curves.agree(key.curve(), key.jdkKey(), ephemeral);
            byte[] kek = EcdhEs.deriveKek(algorithm, z, recipient.protectedBytes(), SUIT_KDF_OTHER);
            Optional<byte[]> cek = AesKeyWrap.unwrap(kek, recipient.ciphertext().orElseThrow());
            if (cek.isPresent()) {
                return cek.get();
            }
        }
        throw new DroverException(EncryptionErrors.WRONG_KEY, "the private key unwraps none of "
                + candidates.size() + " ECDH-ES " + key.curve() + " recipient(s)");
    }

    /**
     * The recipients using {@code algorithm} (and for ECDH-ES an ephemeral key on {@code curve}). A recipient with
     * critical headers is refused outright rather than skipped, since it might have been meant for this key.
     */
    private static List<CoseEncrypt.Layer> candidates(CoseEncrypt info, KeyWrapAlgorithm algorithm,
            Optional<RecipientCurve> curve) {
        var candidates = new ArrayList<CoseEncrypt.Layer>();
        for (CoseEncrypt.Layer recipient : info.recipients()) {
            if (recipient.algorithm().filter(id -> id == algorithm.coseId()).isEmpty()) {
                continue;
            }
            if (recipient.hasCriticalHeaders()) {
                throw new DroverException(EncryptionErrors.UNSUPPORTED_ALGORITHM,
                        "a recipient marks headers critical, which Drover does not understand");
            }
            if (curve.isEmpty() || EcdhEs.curveOf(ephemeralKey(recipient)).equals(curve)) {
                candidates.add(recipient);
            }
        }
        return candidates;
    }

    private static CBORObject ephemeralKey(CoseEncrypt.Layer recipient) {
        CBORObject key = recipient.header(CoseEncrypt.EPHEMERAL_KEY);
        if (key == null || key.getType() != CBORType.Map) {
            throw new DroverException(EncryptionErrors.MALFORMED, "an ECDH-ES recipient has no ephemeral COSE_Key");
        }
        return key;
    }
}
