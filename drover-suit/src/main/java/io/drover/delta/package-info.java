/**
 * Binary deltas between two images of one component, for devices that already run the first. A delta is made once
 * from two whole images ({@link io.drover.delta.DeltaEncoder}, after bsdiff: suffix-sorted matches, stored as byte
 * differences plus new bytes) and applied as a stream ({@link io.drover.delta.DeltaPatch}): the patch is read once
 * from start to end, the base is read at the positions the patch names, and the result is written in order, so it can
 * go straight into a device's inactive slot. Applying holds at most {@link io.drover.delta.DeltaFormat#MAX_DICTIONARY_BYTES}
 * of LZMA2 dictionary plus fixed buffers of about 200 KiB, whatever the image sizes. The format is in
 * {@link io.drover.delta.DeltaFormat}. A delta carries the SHA-256 and size of the base it needs and of the result it
 * makes; applying checks both, and any patch that is not exactly what the format allows is refused with a
 * {@link io.drover.delta.DeltaErrors} code before anything is taken for a result.
 */
package io.drover.delta;
