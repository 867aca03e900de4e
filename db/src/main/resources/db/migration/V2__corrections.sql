-- Corrections of the seed schema (see docs/design-notes.md for the why of each).

-- History outlives a deleted user: ON DELETE SET NULL needs nullable columns.
ALTER TABLE calls ALTER COLUMN caller_user_id DROP NOT NULL;
ALTER TABLE call_transcripts ALTER COLUMN speaker_user_id DROP NOT NULL;

-- E-mail addresses are unique regardless of case.
CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));

-- Phone numbers are E.164 and identify a caller from the PSTN, so at most one user per number.
ALTER TABLE users ADD CONSTRAINT ck_users_phone_e164 CHECK (phone_number IS NULL OR phone_number ~ '^\+[1-9][0-9]{1,14}$');
CREATE UNIQUE INDEX ux_users_phone_number ON users (phone_number) WHERE phone_number IS NOT NULL;

-- Roles.
ALTER TABLE users ADD COLUMN role VARCHAR(10) NOT NULL DEFAULT 'user';
ALTER TABLE users ADD CONSTRAINT ck_users_role CHECK (role IN ('user', 'admin'));

-- SIP identity: a generated secret, kept only as its digest hashes (RFC 2617 MD5, RFC 8760 SHA-256).
ALTER TABLE users ADD COLUMN sip_username VARCHAR(64);
ALTER TABLE users ADD COLUMN sip_realm VARCHAR(255);
ALTER TABLE users ADD COLUMN sip_ha1_md5 CHAR(32);
ALTER TABLE users ADD COLUMN sip_ha1_sha256 CHAR(64);
ALTER TABLE users ADD COLUMN sip_secret_issued_at TIMESTAMP;
ALTER TABLE users ADD CONSTRAINT ux_users_sip_username UNIQUE (sip_username);
ALTER TABLE users ADD CONSTRAINT ck_users_sip_username CHECK (sip_username IS NULL OR sip_username ~ '^[a-z0-9][a-z0-9._-]{2,63}$');

-- Immutable languages, enforced where no code path can bypass them.
CREATE FUNCTION reject_primary_language_change() RETURNS trigger AS $$
BEGIN
    IF NEW.primary_language IS DISTINCT FROM OLD.primary_language THEN
        RAISE EXCEPTION 'users.primary_language is immutable' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_users_primary_language_immutable
    BEFORE UPDATE OF primary_language ON users
    FOR EACH ROW EXECUTE FUNCTION reject_primary_language_change();

CREATE FUNCTION reject_call_language_change() RETURNS trigger AS $$
BEGIN
    IF NEW.call_language IS DISTINCT FROM OLD.call_language THEN
        RAISE EXCEPTION 'calls.call_language is immutable' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_calls_call_language_immutable
    BEFORE UPDATE OF call_language ON calls
    FOR EACH ROW EXECUTE FUNCTION reject_call_language_change();

-- A user is in at most one active call: two racing initiations cannot both insert.
CREATE UNIQUE INDEX ux_call_participants_one_active_per_user
    ON call_participants (user_id) WHERE left_at IS NULL;

-- Calls may carry a note (e.g. why a call was ended by reconciliation after a crash).
ALTER TABLE calls ADD COLUMN notes TEXT;
CREATE INDEX idx_calls_started_at ON calls (started_at);

-- Voice recordings: measured duration and where the quality score came from.
ALTER TABLE voice_recordings ADD COLUMN duration_ms INTEGER;
ALTER TABLE voice_recordings ADD CONSTRAINT ck_voice_recordings_quality CHECK (quality_score IS NULL OR quality_score BETWEEN 1 AND 100);
ALTER TABLE users ADD CONSTRAINT ck_users_voice_quality CHECK (voice_quality_score IS NULL OR voice_quality_score BETWEEN 1 AND 100);

-- Voice model status, one row per user.
CREATE TABLE voice_models (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    engine VARCHAR(50),
    model_ref VARCHAR(500),
    quality_score INTEGER,
    error_message VARCHAR(500),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (status IN ('pending', 'training', 'ready', 'failed')),
    CHECK (quality_score IS NULL OR quality_score BETWEEN 1 AND 100)
);

-- Presence: a user is online while any source (SIP registration, presence WebSocket) is up.
CREATE TABLE user_presence (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, source)
);
CREATE INDEX idx_user_presence_expires_at ON user_presence (expires_at) WHERE expires_at IS NOT NULL;

-- Transcripts: one row per utterance per listener language, idempotent on replay.
ALTER TABLE call_transcripts ADD COLUMN utterance_id UUID;
ALTER TABLE call_transcripts ADD COLUMN listener_language VARCHAR(10);
ALTER TABLE call_transcripts ADD COLUMN untranslated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE call_transcripts ADD COLUMN stt_ms INTEGER;
ALTER TABLE call_transcripts ADD COLUMN mt_ms INTEGER;
ALTER TABLE call_transcripts ADD COLUMN tts_first_audio_ms INTEGER;
ALTER TABLE call_transcripts ADD CONSTRAINT ck_call_transcripts_listener_language CHECK (listener_language IS NULL OR listener_language IN ('he', 'en', 'ru'));
ALTER TABLE call_transcripts ADD CONSTRAINT ux_call_transcripts_utterance_listener UNIQUE (utterance_id, listener_language);
CREATE INDEX idx_call_transcripts_call_timestamp ON call_transcripts (call_id, timestamp_ms);
