-- Consent to use a voice clone (voice samples are biometric data). Every grant and revocation is kept as
-- evidence; the latest event per user decides. Deleting the account deletes its consent record.
CREATE TABLE voice_consent_events (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    source_address VARCHAR(64)
);
CREATE INDEX idx_voice_consent_events_user ON voice_consent_events(user_id, id);
