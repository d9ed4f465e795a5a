-- Rollback on a health halt. When the controller halts a rollout for its health gate and the rollout asks for it,
-- the devices that installed its release are told at their next check-in to return to what they ran before. Set at
-- that halt, cleared when the rollout runs again.
ALTER TABLE rollout ADD COLUMN rollback_ordered_at TIMESTAMP WITH TIME ZONE;

-- For a SUCCESS: the sequence number the device ran before it, which a rollback returns it to (0: its factory
-- image). Unknown for installs recorded before this column existed, which are never told to roll back.
ALTER TABLE device_rollout ADD COLUMN previous_sequence BIGINT;

-- A device that rolled back on the server's order; every counter row exists from a rollout's start.
INSERT INTO rollout_count (rollout_id, wave, status, devices)
    SELECT rollout_id, wave, 'ROLLED_BACK', 0 FROM rollout_count WHERE status = 'SUCCESS';
