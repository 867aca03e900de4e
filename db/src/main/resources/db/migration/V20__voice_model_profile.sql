-- The voice profile measured when a voice model is trained (shapes the standard voice a speaker is dubbed
-- in): median F0, F0 spread (5th-95th percentile, semitones) and speaking rate (syllables per second).
ALTER TABLE voice_models ADD COLUMN median_f0_hz DOUBLE PRECISION;
ALTER TABLE voice_models ADD COLUMN f0_range_semitones DOUBLE PRECISION;
ALTER TABLE voice_models ADD COLUMN syllables_per_second DOUBLE PRECISION;
ALTER TABLE voice_models ADD CONSTRAINT ck_voice_models_profile CHECK (
    (median_f0_hz IS NULL AND f0_range_semitones IS NULL AND syllables_per_second IS NULL)
    OR (median_f0_hz BETWEEN 50 AND 500 AND f0_range_semitones BETWEEN 0 AND 36
        AND syllables_per_second > 0 AND syllables_per_second <= 12));
