package io.drover.suit.encryption.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.suit.Vectors;
import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.RecipientCurve;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The key-distribution building blocks against cose-wg/Examples (vectors/cose/README.md): aes-wrap-128-04 and
 * p256-wrap-128-01 unwrap to their stated CEK and decrypt their attached content; plain COSE has no SuppPubInfo other.
 */
class CoseEncryptVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aesWrapExampleUnwrapsToTheStatedContentKey() throws Exception {
        JsonNode vector = vector("aes-wrap-examples_aes-wrap-128-04.json");
        CoseEncrypt message = CoseEncrypt.decode(HEX.parseHex(vector.at("/output/cbor").asText()));
        byte[] kek = base64Url(vector.at("/input/enveloped/recipients/0/key/k").asText());

        CoseEncrypt.Layer recipient = message.recipients().get(0);
        byte[] cek = AesKeyWrap.unwrap(kek, recipient.ciphertext().orElseThrow()).orElseThrow();

        assertThat(recipient.algorithm()).contains((long) KeyWrapAlgorithm.A128KW.coseId());
        assertThat(cek).isEqualTo(HEX.parseHex(vector.at("/intermediates/CEK_hex").asText()));
        assertThat(decryptAttached(message, cek)).isEqualTo(vector.at("/input/plaintext").asText());
    }

    @Test
    void ecdhWrapExampleDerivesTheStatedKekAndContentKey() throws Exception {
        JsonNode vector = vector("ecdh-wrap-examples_p256-wrap-128-01.json");
        JsonNode intermediates = vector.at("/intermediates/recipients/0");
        CoseEncrypt message = CoseEncrypt.decode(HEX.parseHex(vector.at("/output/cbor").asText()));
        CoseEncrypt.Layer recipient = message.recipients().get(0);
        PrivateKey key = p256(base64Url(vector.at("/input/enveloped/recipients/0/key/d").asText()));

        byte[] z = Curves.agree(RecipientCurve.P256, key, EcdhEs.publicKey(recipient.header(CoseEncrypt.EPHEMERAL_KEY)));
        byte[] context = EcdhEs.kdfContext(KeyWrapAlgorithm.ECDH_ES_A128KW, recipient.protectedBytes(), Optional.empty());
        byte[] kek = EcdhEs.deriveKek(KeyWrapAlgorithm.ECDH_ES_A128KW, z, recipient.protectedBytes(), Optional.empty());
        byte[] cek = AesKeyWrap.unwrap(kek, recipient.ciphertext().orElseThrow()).orElseThrow();

        assertThat(z).isEqualTo(HEX.parseHex(intermediates.get("Secret_hex").asText()));
        assertThat(context).isEqualTo(HEX.parseHex(intermediates.get("Context_hex").asText()));
        assertThat(kek).isEqualTo(HEX.parseHex(intermediates.get("KEK_hex").asText()));
        assertThat(cek).isEqualTo(HEX.parseHex(vector.at("/intermediates/CEK_hex").asText()));
        assertThat(decryptAttached(message, cek)).isEqualTo(vector.at("/input/plaintext").asText());
    }

    @Test
    void suitKdfContextIsTheDraftsWithItsOtherField() {
        // vectors/suit-encryption/a128kw_kdf_context.diag:
        // [-3, [nil,nil,nil], [nil,nil,nil], [128, << {1: -29} >>, 'SUIT Payload Encryption']]
        byte[] context = EcdhEs.kdfContext(KeyWrapAlgorithm.ECDH_ES_A128KW, HEX.parseHex("A101381C"),
                Optional.of(EcdhEs.SUIT_CONTEXT));

        assertThat(HEX.formatHex(context)).isEqualTo("842283f6f6f683f6f6f6831880" + "44a101381c" + "57"
                + HEX.formatHex("SUIT Payload Encryption".getBytes(StandardCharsets.US_ASCII)));
    }

    private static String decryptAttached(CoseEncrypt message, byte[] cek) throws Exception {
        CoseEncrypt.Layer content = message.content();
        byte[] ciphertext = content.ciphertext().orElseThrow();
        ContentCipher cipher = ContentCipher.open(ContentEncryptionAlgorithm.A128GCM, false, cek,
                content.header(CoseEncrypt.IV).GetByteString(), content.protectedBytes());
        byte[] out = new byte[ciphertext.length + ContentCipher.MAX_EXTRA_OUTPUT];
        byte[] tail = new byte[ContentCipher.MAX_EXTRA_OUTPUT];
        int n = cipher.update(ciphertext, 0, ciphertext.length, out);
        int m = cipher.finish(tail);
        System.arraycopy(tail, 0, out, n, m);
        return new String(out, 0, n + m, StandardCharsets.UTF_8);
    }

    private static JsonNode vector(String name) throws Exception {
        return new ObjectMapper().readTree(Vectors.text("cose/" + name));
    }

    private static byte[] base64Url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static PrivateKey p256(byte[] d) throws Exception {
        var parameters = java.security.AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(new BigInteger(1, d), parameters.getParameterSpec(ECParameterSpec.class)));
    }
}
