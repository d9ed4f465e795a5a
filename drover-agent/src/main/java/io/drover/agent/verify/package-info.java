/**
 * Whether an assigned release may be installed on this device, decided from the signed manifest alone.
 */
package io.drover.agent.verify;
