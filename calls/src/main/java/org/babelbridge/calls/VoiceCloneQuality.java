package org.babelbridge.calls;

/** The seed's voice clone grades: score > 80 excellent, > 60 good, otherwise (or untrained) fallback. */
public enum VoiceCloneQuality {
    EXCELLENT("excellent"), GOOD("good"), FALLBACK("fallback");

    private final String code;

    VoiceCloneQuality(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The grade of a voice model; only a trained model with a score can be better than fallback. */
    public static VoiceCloneQuality of(boolean trained, Integer score) {
        if (!trained || score == null) {
            return FALLBACK;
        }
        return score > 80 ? EXCELLENT : score > 60 ? GOOD : FALLBACK;
    }

    static VoiceCloneQuality fromCode(String code) {
        for (VoiceCloneQuality q : values()) {
            if (q.code.equals(code)) {
                return q;
            }
        }
        return FALLBACK;
    }
}
