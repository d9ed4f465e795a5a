-- Compatibility. Per device class, which combinations of component versions its devices may run: rules and an
-- optional allowed set, kept as one canonical JSON document. Every change bumps the revision, so a device judged
-- incompatible is judged again only once the policy (or what it runs) has changed.
CREATE TABLE class_compatibility (
    device_class_id  BIGINT PRIMARY KEY REFERENCES device_class (id),
    policy           VARCHAR(1000000) NOT NULL,
    revision         BIGINT NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The release a device's status on a rollout is about: the rollout's own, or an intermediate release the device
-- installs on its way there (a step).
ALTER TABLE device_rollout ADD COLUMN release_id BIGINT REFERENCES release (id);
UPDATE device_rollout SET release_id = (SELECT r.release_id FROM rollout r WHERE r.id = device_rollout.rollout_id);
ALTER TABLE device_rollout ALTER COLUMN release_id SET NOT NULL;

-- For an INCOMPATIBLE device: the policy revision and the device's installed sequence number it was judged on.
ALTER TABLE device_rollout ADD COLUMN judged_revision BIGINT;
ALTER TABLE device_rollout ADD COLUMN judged_sequence BIGINT;

-- Two statuses the server sets (STEPPED: installed a step; INCOMPATIBLE: no allowed path): every counter row exists
-- from a rollout's start, so existing rollouts get theirs too.
INSERT INTO rollout_count (rollout_id, wave, status, devices)
    SELECT rollout_id, wave, 'STEPPED', 0 FROM rollout_count WHERE status = 'SUCCESS';
INSERT INTO rollout_count (rollout_id, wave, status, devices)
    SELECT rollout_id, wave, 'INCOMPATIBLE', 0 FROM rollout_count WHERE status = 'SUCCESS';
