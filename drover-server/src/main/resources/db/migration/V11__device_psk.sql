-- Credentials for the CoAP device API over DTLS. Runs on H2 and PostgreSQL alike.

-- A device's pre-shared key is derived from the server's PSK master key, the device id and this generation, which
-- each issue bumps (so the key issued before stops working); NULL until one is issued. The key is stored nowhere.
ALTER TABLE device ADD COLUMN psk_generation INTEGER;

-- A raw-public-key handshake names a device only by its key.
CREATE INDEX device_by_identity_key ON device (identity_key_pem);
