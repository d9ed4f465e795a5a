/**
 * Resumable, verified download of one image into a slot.
 */
package io.drover.agent.download;
