/**
 * Helpers behind {@code io.drover.suit.encryption}: COSE_Encrypt coding, AES key wrap, ECDH-ES key derivation and the
 * streaming ciphers. No promise of stability; use the public types instead.
 */
package io.drover.suit.encryption.internal;
