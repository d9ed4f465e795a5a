/**
 * Reports to the server that survive network failures and restarts.
 */
package io.drover.agent.report;
