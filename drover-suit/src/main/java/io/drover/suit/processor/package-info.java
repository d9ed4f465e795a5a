/**
 * The SUIT manifest processor: {@link io.drover.suit.processor.SuitProcessor} runs a verified envelope against a
 * {@link io.drover.suit.processor.Platform} and answers with an {@link io.drover.suit.processor.Outcome} that
 * carries the SUIT report. {@link io.drover.suit.processor.FileComponentStore} is the file-backed platform.
 */
package io.drover.suit.processor;
