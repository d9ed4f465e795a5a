package io.drover.server.fleet;

import java.time.Instant;
import java.util.Optional;

/** The device behind a valid credential: what the device API's hot path needs, read in one indexed query. */
public record AuthenticatedDevice(String id, long classDbId, long installedSequence, Optional<Instant> lastSeenAt) {}
