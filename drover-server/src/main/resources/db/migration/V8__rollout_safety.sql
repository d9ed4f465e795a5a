-- A rollout's safety conditions (maintenance windows, device attributes) as canonical JSON, sent to devices in
-- their assignments; null for a rollout without any.
ALTER TABLE rollout ADD COLUMN safety VARCHAR(20000);
