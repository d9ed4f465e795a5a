/**
 * The device's identity key, with which it signs its install reports and which its server trusts from first use.
 */
package io.drover.agent.identity;
