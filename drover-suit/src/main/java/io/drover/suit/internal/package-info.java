/**
 * Helpers behind drover-suit's public API: CBOR and COSE plumbing, key encoding, manifest coding. No promise of
 * stability; other modules use the types in {@code io.drover.suit} instead.
 */
package io.drover.suit.internal;
