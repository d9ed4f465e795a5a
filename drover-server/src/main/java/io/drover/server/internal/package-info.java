/** Helpers of the server's features that promise nothing to anyone else. */
package io.drover.server.internal;
