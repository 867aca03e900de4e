-- Several bridge instances may share this database behind a SIP proxy (docs in README, "Scaling").
-- SIP registrations live here so that a phone registered through one instance is reachable from every other.
CREATE TABLE sip_registrations (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_uri VARCHAR(500) NOT NULL,
    sip_username VARCHAR(100) NOT NULL,
    sip_call_id VARCHAR(255) NOT NULL,
    cseq BIGINT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    instance_id VARCHAR(100) NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, contact_uri)
);
CREATE INDEX idx_sip_registrations_expires_at ON sip_registrations (expires_at);

-- The instance whose process carries a call's media: only it may end the call when it restarts after a crash.
ALTER TABLE calls ADD COLUMN owner_instance VARCHAR(100);
CREATE INDEX idx_calls_active_owner ON calls (owner_instance) WHERE is_active;

-- Connection-bound presence sources (WebSockets) belong to one process: a restart forgets only its own.
ALTER TABLE user_presence ADD COLUMN instance_id VARCHAR(100);

-- Failed logins, counted across every instance (the HTTP API may be balanced over them): per account name
-- (kind 'a') and per source address (kind 's'). Rows older than the window are deleted as new ones come.
CREATE TABLE login_failures (
    kind CHAR(1) NOT NULL CHECK (kind IN ('a', 's')),
    key VARCHAR(320) NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX idx_login_failures_key ON login_failures (kind, key, failed_at);
CREATE INDEX idx_login_failures_failed_at ON login_failures (failed_at);

-- Each instance's heartbeat: calls owned by an instance silent for long are ended by the others.
CREATE TABLE bridge_instances (
    instance_id VARCHAR(100) PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL
);
