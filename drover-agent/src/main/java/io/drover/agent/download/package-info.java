/**
 * Resumable, verified download of one image into a slot; an encrypted image's ciphertext is staged outside the slots
 * and decrypted into one, committed only when it matches the manifest's plaintext digest and size.
 */
package io.drover.agent.download;
