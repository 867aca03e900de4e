package org.babelbridge.calls;

/** The seed's call states. */
public enum CallStatus {
    ONGOING("ongoing"), ENDED("ended"), MISSED("missed");

    private final String code;

    CallStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static CallStatus fromCode(String code) {
        for (CallStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown call status in database: " + code);
    }
}
