/**
 * Payload encryption after draft-ietf-suit-firmware-encryption: {@link io.drover.suit.encryption.PayloadEncryptor}
 * encrypts a payload for {@link io.drover.suit.encryption.Recipient}s and returns its SUIT_Encryption_Info;
 * {@link io.drover.suit.encryption.PayloadDecryptor} streams it back into a
 * {@link io.drover.suit.encryption.PlaintextSink} that commits only verified plaintext. Raw secret key bytes pass only
 * with {@link io.drover.suit.SecretKeyAccess#get()}.
 */
package io.drover.suit.encryption;
