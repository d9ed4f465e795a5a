-- Idle tickets (io.drover.server.device.IdleTickets): a node answers "still nothing to do" to a device's check-in
-- from memory while its class's answer mark is unchanged. Runs on H2 and PostgreSQL alike.

-- Bumped when an operator changes something that decides a device's check-in answer besides the class's rollouts and
-- compatibility policy (which have revisions of their own): a device's groups, or its credential revoked. It is part
-- of the class's answer mark, so such a change voids the idle tickets of the class.
ALTER TABLE device_class ADD COLUMN device_revision BIGINT DEFAULT 0 NOT NULL;

-- Secrets that every node sharing this database uses alike; migration 15 makes the idle tickets' key.
CREATE TABLE server_secret (
    name   VARCHAR(64) PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);
