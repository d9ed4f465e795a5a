/**
 * Delta updates: for a device that runs an image of an earlier release of its class, a check-in offers, beside each
 * plaintext artifact, a delta from that image ({@link io.drover.server.delta.DeltaOffers}). Deltas are made from the
 * stored full images, once per (base, target) pair, off the request path and claimed in the database so that no two
 * nodes make the same one ({@link io.drover.server.delta.DeltaGenerator}), and kept as ordinary artifacts. The server
 * needs no key for this: the signed manifest already names the target's digest, which the device checks the result
 * against. Encrypted components get no delta: the server never sees their plaintext.
 */
package io.drover.server.delta;
