-- Users of the management API and what they may do. A user holds one role; the token is shown once at creation
-- and only its SHA-256 is kept, as for devices. The server's configured admin token is no row here: it is the
-- built-in user "admin", a name no stored user may take.
CREATE TABLE management_user (
    name          VARCHAR(100) PRIMARY KEY,
    role          VARCHAR(16) NOT NULL,
    token_sha256  CHAR(64) NOT NULL UNIQUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(100) NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE
);

-- How much is at stake when a component changes: LOW, MEDIUM (the default), HIGH or CRITICAL.
ALTER TABLE class_component ADD COLUMN criticality VARCHAR(16) DEFAULT 'MEDIUM' NOT NULL;

-- The two-person rule. Who created a rollout (null for rollouts from before users existed); a rollout that changes a
-- CRITICAL component starts AWAITING_APPROVAL, names those components, and records who approved it and when.
ALTER TABLE rollout ADD COLUMN created_by VARCHAR(100);
ALTER TABLE rollout ADD COLUMN approval_components VARCHAR(2000);
ALTER TABLE rollout ADD COLUMN approved_by VARCHAR(100);
ALTER TABLE rollout ADD COLUMN approved_at TIMESTAMP WITH TIME ZONE;
