/** Trust domains (draft-ietf-suit-trust-domains-11): which signers may touch which components. */
package io.drover.suit.trust;
