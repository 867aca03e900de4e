-- The seed schema, exactly as the design document defines it (six tables).
-- Corrections come in later migrations so that this one stays the contract.

-- ===== TABLE 1: users =====
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255) UNIQUE NOT NULL,
    phone_number VARCHAR(20),
    full_name VARCHAR(255) NOT NULL,
    hashed_password VARCHAR(255) NOT NULL,
    primary_language VARCHAR(10) NOT NULL DEFAULT 'he',
    is_online BOOLEAN DEFAULT FALSE,
    last_seen TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    has_voice_sample BOOLEAN DEFAULT FALSE,
    voice_model_trained BOOLEAN DEFAULT FALSE,
    voice_quality_score INTEGER,
    avatar_url VARCHAR(500),
    bio VARCHAR(500),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (primary_language IN ('he', 'en', 'ru'))
);

CREATE INDEX idx_users_is_online ON users(is_online);
CREATE INDEX idx_users_email ON users(email);

-- ===== TABLE 2: contacts =====
CREATE TABLE contacts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_name VARCHAR(255),
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_blocked BOOLEAN DEFAULT FALSE,
    UNIQUE(user_id, contact_user_id),
    CHECK (user_id != contact_user_id)
);

CREATE INDEX idx_contacts_user_id ON contacts(user_id);
CREATE INDEX idx_contacts_contact_user_id ON contacts(contact_user_id);

-- ===== TABLE 3: voice_recordings =====
CREATE TABLE voice_recordings (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language VARCHAR(10) NOT NULL,
    text_content TEXT NOT NULL,
    file_path VARCHAR(500) NOT NULL,
    file_size_bytes INTEGER,
    quality_score INTEGER,
    is_processed BOOLEAN DEFAULT FALSE,
    processed_at TIMESTAMP,
    used_for_training BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (language IN ('he', 'en', 'ru'))
);

CREATE INDEX idx_voice_recordings_user_id ON voice_recordings(user_id);
CREATE INDEX idx_voice_recordings_used_for_training ON voice_recordings(used_for_training);

-- ===== TABLE 4: calls =====
CREATE TABLE calls (
    id SERIAL PRIMARY KEY,
    caller_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE SET NULL,
    call_language VARCHAR(10) NOT NULL,
    is_active BOOLEAN DEFAULT TRUE,
    status VARCHAR(20) NOT NULL DEFAULT 'ongoing',
    started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ended_at TIMESTAMP,
    duration_seconds INTEGER,
    participant_count INTEGER DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (call_language IN ('he', 'en', 'ru')),
    CHECK (status IN ('ongoing', 'ended', 'missed'))
);

CREATE INDEX idx_calls_caller_user_id ON calls(caller_user_id);
CREATE INDEX idx_calls_is_active ON calls(is_active);
CREATE INDEX idx_calls_status ON calls(status);

-- ===== TABLE 5: call_participants =====
CREATE TABLE call_participants (
    id SERIAL PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    participant_language VARCHAR(10) NOT NULL,
    joined_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    left_at TIMESTAMP,
    is_muted BOOLEAN DEFAULT FALSE,
    dubbing_required BOOLEAN DEFAULT FALSE,
    use_voice_clone BOOLEAN DEFAULT TRUE,
    voice_clone_quality VARCHAR(20),
    notes TEXT,
    UNIQUE(call_id, user_id),
    CHECK (participant_language IN ('he', 'en', 'ru'))
);

CREATE INDEX idx_call_participants_call_id ON call_participants(call_id);
CREATE INDEX idx_call_participants_user_id ON call_participants(user_id);
CREATE INDEX idx_call_participants_left_at ON call_participants(left_at);

-- ===== TABLE 6: call_transcripts =====
CREATE TABLE call_transcripts (
    id SERIAL PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    speaker_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE SET NULL,
    original_language VARCHAR(10) NOT NULL,
    original_text TEXT NOT NULL,
    translated_text TEXT,
    timestamp_ms INTEGER,
    audio_file_path VARCHAR(500),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (original_language IN ('he', 'en', 'ru'))
);

CREATE INDEX idx_call_transcripts_call_id ON call_transcripts(call_id);
CREATE INDEX idx_call_transcripts_speaker_user_id ON call_transcripts(speaker_user_id);
