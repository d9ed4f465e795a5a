-- Device identity and signed install reports. Runs on H2 and PostgreSQL alike.

-- The public key a device signs its install reports with: registered by the device on first use (trust on first
-- use under its token) or by an operator when it is provisioned. NULL until then, and after an operator clears it.
ALTER TABLE device ADD COLUMN identity_key_pem VARCHAR(2000);
ALTER TABLE device ADD COLUMN identity_registered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE device ADD COLUMN identity_registered_by VARCHAR(16);

-- The SHA-256 of each component's image, when the device reported it.
ALTER TABLE device_component ADD COLUMN sha256 CHAR(64);

-- A final report as the device signed it (a COSE_Sign1 around a SUIT_Report), kept byte for byte, and whether it
-- verified against the device's registered key. NULL for an unsigned report.
ALTER TABLE device_rollout ADD COLUMN signed_report BYTEA;
ALTER TABLE device_rollout ADD COLUMN signature_verified BOOLEAN DEFAULT FALSE NOT NULL;
