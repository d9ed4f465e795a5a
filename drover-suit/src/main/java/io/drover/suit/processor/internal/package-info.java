/** The processor's interpreter, manifest view and run state. No promise of stability. */
package io.drover.suit.processor.internal;
