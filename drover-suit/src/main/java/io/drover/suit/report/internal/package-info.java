/** The SUIT_Report CBOR codec. No promise of stability. */
package io.drover.suit.report.internal;
